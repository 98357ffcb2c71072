import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { signJwt } from '../../src/auth/jwt.util';
import { freePort } from './test-broker';
import { sql, waitFor } from './test-db';

/** The built server (`npm test` / `npm run test:faults` build it first). */
export const SERVER_MAIN = join(__dirname, '../../../../dist/apps/server/apps/server/src/main.js');

export function assertBuilt(): void {
  if (!existsSync(SERVER_MAIN)) throw new Error(`server not built: ${SERVER_MAIN} (npm test builds it)`);
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  roles: string;
  clientId: string;
  /** Everything the process wrote to stderr (checked for unhandled rejections). */
  stderr: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerProcessOptions {
  databaseUrl: string;
  mqttUrl: string;
  roles: string;
  /** Stable across restarts: the broker keeps the session and its backlog for it. */
  clientId?: string;
  port?: number;
  env?: Record<string, string>;
  jwtSecret: string;
}

/** One OS process of the built server with the given roles; resolves once /api/health answers 200. */
export async function startServerProcess(o: ServerProcessOptions): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  const clientId =
    o.clientId ?? `ioc-f-${o.roles.replace(/,/g, '')}-${port}-${randomBytes(3).toString('hex')}`;
  let err = '';
  const child = spawn(process.execPath, [SERVER_MAIN], {
    cwd: join(__dirname, '../../../..'),
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      MQTT_URL: o.mqttUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      IOC_ROLES: o.roles,
      MQTT_CLIENT_ID: clientId,
      MQTT_SESSION_EXPIRY_S: '600',
      JWT_SECRET: o.jwtSecret,
      IOC_ADMIN_PASSWORD: 'fault-admin-secret',
      SIM: 'false',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${o.roles} process exited (${child.exitCode})`);
      return (await fetch(`${url}/api/health`)).status === 200;
    },
    90_000,
    `${o.roles} process health`,
  );
  return {
    child,
    port,
    url,
    roles: o.roles,
    clientId,
    stderr: () => err,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** An admin access token for the database's first admin, signed with the processes' secret. */
export async function adminToken(databaseUrl: string, jwtSecret: string): Promise<string> {
  const [{ id }] = await waitFor(
    async () => {
      const rows = await sql<{ id: string }>(databaseUrl, 'SELECT id FROM users WHERE username = $1', [
        'admin',
      ]);
      return rows.length > 0 ? rows : null;
    },
    30_000,
    'the first admin',
  );
  return signJwt({ sub: id, username: 'admin', role: 'admin', typ: 'access' }, jwtSecret, 3600);
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

/** Counts for one fault: what was published vs what is stored, printed in one greppable line. */
export function faultLine(
  name: string,
  c: { published: number; rows: number; distinct: number },
  extra = '',
): { lost: number; duplicated: number } {
  const lost = c.published - c.distinct;
  const duplicated = c.rows - c.distinct;
  const line = `fault ${name}: published ${c.published}, stored ${c.distinct}, lost ${lost}, duplicated ${duplicated}${extra ? ` (${extra})` : ''}`;
  console.log(line);
  if (process.env.FAULT_COUNTS_FILE) appendFileSync(process.env.FAULT_COUNTS_FILE, `${line}\n`);
  return { lost, duplicated };
}

export const jwtSecretFor = (name: string) =>
  `fault-${name}-${randomBytes(8).toString('hex')}-0123456789abcdef`;
