import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { bootstrap, type RunningServer } from '../../src/app/bootstrap';
import { loadConfig } from '../../src/config/config.loader';
import type { Role } from '@ioc/contracts/auth.schema';
import { apiClient, type ApiClient } from './api-client';
import { createTestDatabase, mqttUrl } from './test-db';

export interface TestServer extends RunningServer {
  databaseUrl: string;
  /**
   * A REST client acting as a user of that role (created and logged in on first use, then cached).
   * The user's id is the audit actor of everything done through it.
   */
  as(role: Role): Promise<ApiClient>;
  close(): Promise<void>;
}

/**
 * A whole server instance in-process on a random port, with its own database and its own MQTT
 * client id and shared-subscription group, so parallel test files never steal each other's messages.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const db = env.DATABASE_URL
    ? { url: env.DATABASE_URL, drop: async () => undefined }
    : await createTestDatabase();
  const id = randomBytes(4).toString('hex');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    MQTT_URL: mqttUrl(),
    MQTT_CLIENT_ID: `ioc-test-${id}`,
    MQTT_SHARED_GROUP: `t${id}`,
    // Short sessions: test client ids are random, the broker should not keep their queues for a day.
    MQTT_SESSION_EXPIRY_S: '120',
    ...env,
    DATABASE_URL: db.url,
  });
  const server = await bootstrap(config);
  // TODO(auth): log in as a user of this role; until auth lands requests go without a token.
  const as = async (_role: Role): Promise<ApiClient> => apiClient(server.url, null);
  return {
    ...server,
    databaseUrl: db.url,
    as,
    close: async () => {
      await server.stop();
      await forgetSession(config.MQTT_URL!, config.MQTT_CLIENT_ID!);
      await db.drop();
    },
  };
}

/**
 * A test server's persistent session would otherwise make the broker queue every later message for a
 * client that never comes back (MQTT 3.1.1 sessions do not expire): connect once with a clean session.
 */
export async function forgetSession(url: string, clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 }).catch(() => null);
  await c?.endAsync();
}
