// Test/bench services: the ones named by DATABASE_URL/MQTT_URL, or the embedded PostgreSQL + aedes
// (tools/embedded-services.mjs, the server's own embedded runtime), or a Mosquitto of our own.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root } from './run.util.mjs';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Starts embedded PostgreSQL + aedes in a child process; resolves to { databaseUrl, mqttUrl, stop }. */
export async function startEmbeddedServices() {
  const child = spawn(process.execPath, [join(root, 'tools/embedded-services.mjs')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`embedded services exited (${c})`)));
  });
  const urls = JSON.parse(line);
  return {
    ...urls,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function hasMosquitto() {
  return spawnSync('mosquitto', ['-h']).error === undefined;
}

/** A Mosquitto configured as infra/mosquitto/mosquitto.conf recommends, on a free port. */
export async function startMosquitto() {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-mosquitto-'));
  const port = await freePort();
  // Its access control left out (absolute paths of the operator's): the bench connects anonymously.
  const base = readFileSync(join(root, 'infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^(password_file|acl_file) .*$/gm, '');
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `${base}\npersistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
  );
  const child = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const version = spawnSync('mosquitto', ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0];
  return {
    url: `mqtt://127.0.0.1:${port}`,
    version,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
