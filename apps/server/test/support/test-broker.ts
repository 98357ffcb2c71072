import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { mqttUrl } from './test-db';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

export interface TestBroker {
  url: string;
  kind: 'mosquitto' | 'configured';
  stop(): Promise<void>;
  /** Stops the broker (SIGTERM: Mosquitto writes its persistence file) and starts it again on the same port. */
  restart?(downMs?: number): Promise<void>;
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port}`);
}

/**
 * A broker for fault tests: a Mosquitto of our own, configured with infra/mosquitto/mosquitto.conf (a
 * stock Mosquitto drops a disconnected session's backlog beyond 1000 messages) — the production broker.
 * The embedded aedes is used only where no Mosquitto is installed.
 */
export async function startFaultBroker(): Promise<TestBroker> {
  const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined;
  if (!hasMosquitto) {
    return { url: mqttUrl(), kind: 'configured', stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ioc-mosquitto-'));
  const port = await freePort();
  // Its access control left out (absolute paths of the operator's): test devices and servers connect
  // anonymously; live-channel.spec.ts runs the shipped ACL.
  const base = readFileSync(join(__dirname, '../../../../infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^(password_file|acl_file) .*$/gm, '');
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `${base}\npersistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
  );
  const launch = () => spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  let child: ChildProcess = launch();
  await waitListening(port);
  const halt = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    kind: 'mosquitto',
    restart: async (downMs = 1000) => {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      child = launch();
      await waitListening(port);
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
