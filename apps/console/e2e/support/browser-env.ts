import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { chromium, type Browser } from 'playwright-core';

export const root = join(__dirname, '../../../..');
/** Where `console:build-e2e` writes the console variant with test hooks (vite.config.ts). */
export const E2E_CONSOLE_DIR = 'dist/apps/console-e2e';

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p))
    throw new Error(`Chromium not found at ${p}: set CHROMIUM_PATH or apt-get install chromium`);
  return p;
}

/**
 * For waits on a readiness signal (page loaded, map `load`ed, data arrived): no budget of their own, the
 * jest test timeout (jest.e2e.config.cjs) bounds them. A fixed 30 s budget failed on a CI machine at load
 * average 5 while the same wait takes 13 s alone. Waits that assert a promised latency keep their budget.
 */
export const UNTIL_READY = { timeout: 0 } as const;

/** Headless Chromium without any background traffic: the console must work with no network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

export interface BuiltServer {
  url: string;
  /** The first admin's login (IOC_ADMIN_PASSWORD is set to a known value). */
  admin: { username: string; password: string };
  stop(): Promise<void>;
  /** Stops the server process (SIGTERM) and keeps its database, for `resume`. */
  halt(): Promise<void>;
  /** Starts the server again on the same port and database; resolves once it is healthy. */
  resume(): Promise<void>;
  output(): string;
}

/** The compiled server with the simulator, on its own database, as `npm start` runs it, with a known admin password. */
export async function startBuiltServer(env: Record<string, string> = {}): Promise<BuiltServer> {
  const main = join(root, 'dist/apps/server/apps/server/src/main.js');
  if (!existsSync(main)) throw new Error(`server not built: ${main}`);
  // The console's e2e build (test hooks on window), built by the suite's globalSetup.
  const consoleDir = join(root, E2E_CONSOLE_DIR);
  if (!existsSync(join(consoleDir, 'index.html')))
    throw new Error(`console e2e build missing: ${consoleDir} (npx nx run console:build-e2e)`);
  const admin = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!admin || !process.env.MQTT_URL) throw new Error('run the browser suite through `npm test`');
  const dbName = `b_${randomBytes(6).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${dbName}`);
  await c.end();
  const dbUrl = new URL(admin);
  dbUrl.pathname = `/${dbName}`;
  const port = await freePort();
  const id = randomBytes(4).toString('hex');
  const adminPassword = env.IOC_ADMIN_PASSWORD ?? `browser-${randomBytes(9).toString('hex')}`;
  let out = '';
  const childEnv = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    SIM: 'true',
    MQTT_CLIENT_ID: `ioc-browser-${id}`,
    MQTT_SHARED_GROUP: `b${id}`,
    MQTT_SESSION_EXPIRY_S: '60',
    LOG_LEVEL: 'warn',
    IOC_ADMIN_USERNAME: 'admin',
    IOC_ADMIN_PASSWORD: adminPassword,
    CONSOLE_DIR: E2E_CONSOLE_DIR,
    ...env,
  };
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(process.execPath, [main], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${out}`);
      try {
        if ((await fetch(`${url}/api/health`)).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`server not healthy in 60 s: ${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const halt = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // a graceful stop that hangs must not hang the suite: kill it, and say so in the output
      const timer = setTimeout(() => {
        out += '\n[browser-env] no exit 20 s after SIGTERM: SIGKILL\n';
        child.kill('SIGKILL');
      }, 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  await launch();
  return {
    url,
    admin: { username: 'admin', password: adminPassword },
    output: () => out,
    halt,
    resume: launch,
    stop: async () => {
      await halt();
      // drop the server's persistent MQTT session so the broker stops queueing for it
      const m = await mqtt
        .connectAsync(process.env.MQTT_URL!, {
          clientId: `ioc-browser-${id}`,
          clean: true,
          reconnectPeriod: 0,
        })
        .catch(() => null);
      await m?.endAsync();
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await d.end();
    },
  };
}
