import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { bootstrap, type RunningServer } from '../../src/app/bootstrap';
import { loadConfig } from '../../src/config/config.loader';
import type { Role } from '@ioc/contracts/auth.schema';
import { apiClient, login, type ApiClient } from './api-client';
import { createTestDatabase, mqttUrl } from './test-db';

export interface TestServer extends RunningServer {
  databaseUrl: string;
  /**
   * A REST client acting as a user of that role (created and logged in on first use, then cached).
   * The user's id is the audit actor of everything done through it.
   */
  as(role: Role): Promise<ApiClient>;
  /** A raw access token of that role's user (for socket.io `auth: { token }`). */
  token(role: Role): Promise<string>;
  /** A client without a token (for 401 checks and public routes). */
  anonymous: ApiClient;
  /** The first admin's login (IOC_ADMIN_USERNAME / IOC_ADMIN_PASSWORD of this server). */
  admin: { username: string; password: string };
  /** The password of the per-role test users `test-operator`, `test-supervisor`, `test-responder`. */
  userPassword: string;
  /** The unit `test-responder` is bound to. */
  responderUnit: string;
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
  // A first admin with a known password (the server generates and prints one when this is unset).
  const adminPassword = env.IOC_ADMIN_PASSWORD ?? `admin-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    MQTT_URL: mqttUrl(),
    MQTT_CLIENT_ID: `ioc-test-${id}`,
    MQTT_SHARED_GROUP: `t${id}`,
    // Short sessions: test client ids are random, the broker should not keep their queues for a day.
    MQTT_SESSION_EXPIRY_S: '120',
    IOC_ADMIN_PASSWORD: adminPassword,
    ...env,
    DATABASE_URL: db.url,
  });
  const server = await bootstrap(config);
  const admin = { username: config.IOC_ADMIN_USERNAME, password: adminPassword };
  const userPassword = `user-${randomBytes(12).toString('hex')}`;
  // a unit no other shared test row dispatches (route table: traffic-01, environment-01, utility-01)
  const responderUnit = 'ambulance-02';
  const clients = new Map<Role, Promise<ApiClient>>();
  const as = (role: Role): Promise<ApiClient> => {
    let c = clients.get(role);
    if (!c) {
      c = (async () => {
        if (role === 'admin') return login(server.url, admin.username, admin.password);
        const username = `test-${role}`;
        const created = await (
          await as('admin')
        ).post('/api/users', {
          username,
          displayName: `Test ${role}`,
          role,
          password: userPassword,
          ...(role === 'responder' ? { unitId: responderUnit } : {}),
        });
        if (created.status !== 201)
          throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
        return login(server.url, username, userPassword);
      })();
      // A failed login is not cached: the next call tries again.
      c.catch(() => clients.delete(role));
      clients.set(role, c);
    }
    return c;
  };
  return {
    ...server,
    databaseUrl: db.url,
    as,
    token: async (role) => (await as(role)).token!,
    anonymous: apiClient(server.url, null),
    admin,
    userPassword,
    responderUnit,
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
