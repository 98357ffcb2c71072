import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../src/app/repo-root.util';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import type { StoredReading } from '../src/readings/readings.repository';
import { adminQuery, copyReadings, scalar } from './copy-baseline.repository';
import { freePort, startBenchServer, waitHealthy } from './bench-server.util';
import { QueryBaseline } from './query-seed.repository';

/**
 * `npm run bench -- query`: the read side operators use all day — a device's raw 24-hour series, its
 * 7-day hourly series (rollup view with TimescaleDB, date_bin over raw rows without), and the device list
 * — over a seeded readings table, through the whole server (HTTP, auth, validation, JSON) against the
 * same SQL run straight through pg in the same run. Env: DATABASE_URL (admin), MQTT_URL, BENCH_OUT,
 * BENCH_QUERY_DEVICES (40), BENCH_QUERY_DAYS (7), BENCH_QUERY_N (200 requests per query and path).
 */
const root = findRepoRoot(__dirname);
const DEVICES = Number(process.env.BENCH_QUERY_DEVICES ?? 40);
const DAYS = Number(process.env.BENCH_QUERY_DAYS ?? 7);
const N = Number(process.env.BENCH_QUERY_N ?? 200);
const run = Date.now().toString(36);
const PASSWORD = `bench-${randomBytes(12).toString('hex')}`;
const END = Date.UTC(2026, 0, 8);
const MINUTE = 60_000;

async function seed(dbUrl: string): Promise<number> {
  // One device per chunk keeps memory flat; one PM2.5 reading a minute, as the demo stations send.
  let total = 0;
  for (let d = 0; d < DEVICES; d++) {
    const rows: StoredReading[] = [];
    for (let t = END - DAYS * 86_400_000; t < END; t += MINUTE) {
      const iso = new Date(t).toISOString();
      rows.push({
        time: iso,
        deviceId: `qb-aq-${d}`,
        metric: 'pm25',
        value: 20 + 10 * Math.sin(t / 3_600_000 + d),
        valueText: null,
        unit: 'µg/m³',
        source: 'senml',
        receivedAt: iso,
      } as StoredReading);
    }
    await copyReadings(dbUrl, rows);
    total += rows.length;
  }
  return total;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function measure(fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(i); // warm-up: plans, JIT, connection pool
  const ms: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await fn(i);
    ms.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: r(quantile(ms, 0.5)),
    p95: r(quantile(ms, 0.95)),
    max: r(ms[ms.length - 1]),
    perS: Math.round(N / seconds),
  };
}

function startServer(dbUrl: string, port: number): ChildProcess {
  return startBenchServer(port, {
    DATABASE_URL: dbUrl,
    IOC_ROLES: 'api',
    MQTT_CLIENT_ID: `ioc-qbench-${run}`,
    MQTT_SHARED_GROUP: `qbench${run}`,
    IOC_ADMIN_USERNAME: 'admin',
    IOC_ADMIN_PASSWORD: PASSWORD,
  });
}

async function main() {
  const admin = process.env.DATABASE_URL;
  if (!admin || !process.env.MQTT_URL)
    throw new Error('DATABASE_URL and MQTT_URL are required (tools/bench.mjs provides them)');
  const loadBefore = loadavg()[0].toFixed(2);
  const dbName = `qbench_${run}`;
  await adminQuery(admin, `CREATE DATABASE ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  let server: ChildProcess | undefined;
  let base: QueryBaseline | undefined;
  try {
    const mdb = new Database(dbUrl, 1);
    const { timescale } = await migrate(mdb, join(root, 'apps/server/migrations'));
    await mdb.close();
    console.error(`[bench query] seeding ${DEVICES} devices × ${DAYS} days of minute readings…`);
    const rows = await seed(dbUrl);
    if (timescale) {
      await adminQuery(dbUrl, `CALL refresh_continuous_aggregate('readings_1h', NULL, NULL)`);
      await adminQuery(dbUrl, `CALL refresh_continuous_aggregate('readings_1m', NULL, NULL)`);
    }
    base = await QueryBaseline.connect(dbUrl);
    const sqlPath = base;
    await base.analyze();
    const port = await freePort();
    server = startServer(dbUrl, port);
    const api = `http://127.0.0.1:${port}`;
    await waitHealthy(api);
    const { accessToken } = (await (
      await fetch(`${api}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PASSWORD }),
      })
    ).json()) as { accessToken: string };
    const get = async (path: string) => {
      const r = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      return r.json();
    };
    const dev = (i: number) => `qb-aq-${i % DEVICES}`;
    // Each request looks at a different day, so no two consecutive requests read the same rows.
    const day = (i: number) => {
      const to = END - (i % DAYS) * 86_400_000;
      return { from: new Date(to - 86_400_000).toISOString(), to: new Date(to).toISOString() };
    };
    const week = { from: new Date(END - DAYS * 86_400_000).toISOString(), to: new Date(END).toISOString() };
    const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();

    console.error('[bench query] raw 24 h series…');
    const rawApi = await measure((i) =>
      get(`/api/devices/${dev(i)}/readings?${qs({ metric: 'pm25', ...day(i) })}`),
    );
    const rawSql = await measure((i) => sqlPath.rawSeries(dev(i), 'pm25', day(i).from, day(i).to));
    console.error('[bench query] hourly 7-day series…');
    const hourApi = await measure((i) =>
      get(`/api/devices/${dev(i)}/readings?${qs({ metric: 'pm25', bucket: '1h', ...week })}`),
    );
    const hourSql = await measure((i) => sqlPath.hourlySeries(dev(i), 'pm25', week.from, week.to));
    console.error('[bench query] device list…');
    const listApi = await measure(() => get('/api/devices'));
    const listSql = await measure(() => sqlPath.devices());
    const deviceCount = await scalar(dbUrl, 'SELECT count(*) FROM devices');
    const ratio = (a: { p95: number }, b: { p95: number }) =>
      Math.round((a.p95 / Math.max(0.1, b.p95)) * 100) / 100;
    const result = {
      bench: 'query',
      machine: {
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      postgres: { timescale },
      config: { devices: DEVICES, days: DAYS, rows, requests: N, listedDevices: deviceCount },
      queries: [
        {
          what: 'raw 24 h series of one device (1,440 points)',
          api: rawApi,
          sql: rawSql,
          ratio: ratio(rawApi, rawSql),
        },
        {
          what: `${DAYS}-day hourly series of one device (${timescale ? 'readings_1h rollup' : 'date_bin over raw rows, no TimescaleDB'})`,
          api: hourApi,
          sql: hourSql,
          ratio: ratio(hourApi, hourSql),
        },
        {
          what: `device list (${deviceCount} devices)`,
          api: listApi,
          sql: listSql,
          ratio: ratio(listApi, listSql),
        },
      ],
      load: { before: loadBefore, after: loadavg()[0].toFixed(2) },
    };
    const out = process.env.BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await base?.close().catch(() => undefined);
    if (server) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
