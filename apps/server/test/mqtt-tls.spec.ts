import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { loadConfig } from '../src/config/config.loader';
import { senml } from './support/feed-payloads';
import { freePort } from './support/test-broker';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// The broker connection over TLS (mqtts://) with a private CA: a real Mosquitto TLS listener and
// certificates made by openssl for this run.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../..');
let dir: string;
let broker: ChildProcess;
let url: string;
const servers: TestServer[] = [];

function openssl(args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-tls-'));
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=IOC test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  ]);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'server.crt',
  ]);
  const port = await freePort();
  const base = readFileSync(join(ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(
      /^listener .*$/m,
      `listener ${port} 127.0.0.1\ncafile ${dir}/ca.crt\ncertfile ${dir}/server.crt\nkeyfile ${dir}/server.key`,
    )
    .replace(/^(password_file|acl_file) .*$/gm, '');
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `${base}\npersistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
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
    'mosquitto TLS listener',
  );
  url = `mqtts://localhost:${port}`;
});

afterAll(async () => {
  for (const s of servers) await s.close();
  if (broker && broker.exitCode === null) {
    broker.kill('SIGTERM');
    await new Promise((r) => broker.once('exit', r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('ingests over mqtts:// when MQTT_CA_FILE names the CA that signed the broker', async () => {
  const server = await startTestServer({ MQTT_URL: url, MQTT_CA_FILE: join(dir, 'ca.crt') });
  servers.push(server);
  const health = await waitFor(
    async () => {
      const r = await fetch(`${server.url}/api/health`);
      return r.status === 200 ? ((await r.json()) as { broker: string }) : null;
    },
    15_000,
    'broker up over TLS',
  );
  expect(health.broker).toBe('ok');
  const pub = await mqtt.connectAsync(url, { ca: readFileSync(join(dir, 'ca.crt')), reconnectPeriod: 0 });
  await pub.publishAsync('ioc/senml/pt-tls-1', senml('pt-tls-1', [['pm25', 'ug/m3', 7, Date.now() - 5000]]), {
    qos: 1,
  });
  await pub.endAsync();
  await waitFor(
    async () => (await sql(server.databaseUrl, `SELECT 1 FROM readings WHERE device_id = 'pt-tls-1'`)).length,
    15_000,
    'the reading over TLS',
  );
});

it('refuses a broker whose certificate does not verify (no CA given)', async () => {
  const server = await startTestServer({ MQTT_URL: url });
  servers.push(server);
  await new Promise((r) => setTimeout(r, 1500));
  const r = await fetch(`${server.url}/api/health`);
  expect(r.status).toBe(503);
  expect(((await r.json()) as { broker: string }).broker).toBe('down');
});

it('names a missing TLS file at start', () => {
  expect(() => loadConfig({ MQTT_CA_FILE: join(dir, 'nope.crt') })).toThrow(/MQTT_CA_FILE.*file not found/);
});
