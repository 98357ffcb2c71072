import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { senml } from './support/feed-payloads';
import { freePort } from './support/test-broker';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// infra/mosquitto/acl.example, loaded by a real Mosquitto with password auth: the server (with
// MQTT_USERNAME/MQTT_PASSWORD) ingests what devices may publish and never sees what they may not.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../..');
const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined;
const USERS = ['ioc-server', 'frigate', 'pt-aq-acl-1', 'pt-aq-acl-2'] as const;

let dir: string;
let broker: ChildProcess;
let url: string;
let server: TestServer;
const passwords: Record<string, string> = {};

beforeAll(async () => {
  if (!hasMosquitto) throw new Error('mosquitto is not installed: the ACL example cannot be validated');
  dir = mkdtempSync(join(tmpdir(), 'ioc-acl-'));
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  for (const u of USERS) {
    passwords[u] = randomBytes(12).toString('hex');
    const r = spawnSync('mosquitto_passwd', ['-b', passwd, u, passwords[u]]);
    if (r.status !== 0) throw new Error(`mosquitto_passwd: ${r.stderr}`);
  }
  const port = await freePort();
  const base = readFileSync(join(ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^allow_anonymous .*$/m, 'allow_anonymous false')
    .replace(/^(password_file|acl_file) .*$/gm, ''); // this test's own below
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `${base}\npassword_file ${passwd}\nacl_file ${join(ROOT, 'infra/mosquitto/acl.example')}\n` +
      `persistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
  );
  broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<boolean>((r) => {
        const s = connect(port, '127.0.0.1', () => {
          s.end();
          r(true);
        });
        s.on('error', () => r(false));
      }),
    10_000,
    'mosquitto',
  );
  url = `mqtt://127.0.0.1:${port}`;
  server = await startTestServer({
    MQTT_URL: url,
    MQTT_USERNAME: 'ioc-server',
    MQTT_PASSWORD: passwords['ioc-server'],
  });
});

afterAll(async () => {
  await server?.close();
  if (broker && broker.exitCode === null) {
    broker.kill('SIGTERM');
    await new Promise((r) => broker.once('exit', r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const as = (username: string, password = passwords[username]) =>
  mqtt.connectAsync(url, {
    username,
    password,
    clientId: `${username}-${Date.now()}`,
    reconnectPeriod: 0,
    protocolVersion: 5,
  });

const storedDevices = async () =>
  (
    await sql<{ device_id: string }>(
      server.databaseUrl,
      `SELECT DISTINCT device_id FROM readings WHERE device_id LIKE 'pt-aq-acl-%' ORDER BY 1`,
    )
  ).map((r) => r.device_id);

it('refuses anonymous clients and wrong passwords', async () => {
  await expect(mqtt.connectAsync(url, { reconnectPeriod: 0 })).rejects.toThrow(
    /Not authorized|Bad User Name/i,
  );
  await expect(as('pt-aq-acl-1', 'wrong')).rejects.toThrow(/Not authorized|Bad User Name/i);
});

it('lets a device publish only under its own id, and the server ingests exactly that', async () => {
  const t = Date.now() - 30_000;
  const own = await as('pt-aq-acl-1');
  // its own topic: allowed
  await own.publishAsync('ioc/senml/pt-aq-acl-1', senml('pt-aq-acl-1', [['pm25', 'ug/m3', 12, t]]), {
    qos: 1,
  });
  // another device's topic and an incident feed: refused by the broker (MQTT 5 PUBACK "not authorized")
  await expect(
    own.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 999, t]]), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await expect(
    own.publishAsync('ioc/reports', JSON.stringify({ text: 'forged', category: 'fire' }), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await own.endAsync();
  // Frigate may not pose as a sensor either
  const nvr = await as('frigate');
  await expect(
    nvr.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 999, t]]), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await nvr.endAsync();
  // the second device on its own topic: allowed
  const other = await as('pt-aq-acl-2');
  await other.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 20, t + 1]]), {
    qos: 1,
  });
  await other.endAsync();

  await waitFor(async () => (await storedDevices()).length === 2, 15_000, 'both devices stored');
  const values = await sql<{ device_id: string; value: number }>(
    server.databaseUrl,
    `SELECT device_id, value FROM readings WHERE device_id LIKE 'pt-aq-acl-%' ORDER BY device_id`,
  );
  // the forged 999 never arrived
  expect(values).toEqual([
    { device_id: 'pt-aq-acl-1', value: 12 },
    { device_id: 'pt-aq-acl-2', value: 20 },
  ]);
});
