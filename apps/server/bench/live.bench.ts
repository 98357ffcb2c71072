import type { Incident } from '@ioc/contracts/incident.schema';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { findRepoRoot } from '../src/app/repo-root.util';
import { signJwt } from '../src/auth/jwt.util';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { appendLiveEvents } from '../src/outbox/live-events.repository';
import { sensorStatePrefix } from '../src/state/sensor-state-bridge.service';
import { deriveLiveChannelKey, encodeLiveChannel } from '../src/state/live-channel.util';
import { freePort, startBenchServer, waitHealthy } from './bench-server.util';
import { adminQuery, scalar } from './copy-baseline.repository';

/**
 * `npm run bench -- live`: CLIENTS socket.io clients (every layer) on a server with IOC_ROLES=live while
 * RATE incident changes per second are committed to the outbox for SECONDS (one transaction each, through
 * appendLiveEvents, as IncidentsService does) and an ingest-like publisher sends sensor-state deltas over
 * MQTT. Measures publish→client latency, deliveries/s, server CPU per delivery and lost events; then the
 * same load through a bare socket.io server that emits each event directly (the baseline, same run).
 * Env: DATABASE_URL (admin), MQTT_URL, BENCH_OUT, BENCH_LIVE_SECONDS, BENCH_LIVE_RATE, BENCH_LIVE_CLIENTS.
 */
const root = findRepoRoot(__dirname);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_LIVE_RATE ?? 1000);
const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 50);
const WORKERS = 2;
const WRITERS = 8;
const SENSOR_DEVICES = 1000;
const run = Date.now().toString(36);
const JWT_SECRET = `bench-live-${randomBytes(16).toString('hex')}`;
const ADMIN_PASSWORD = `bench-${randomBytes(12).toString('hex')}`;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A realistic incident as the live feed carries it (≈ 650 bytes of JSON). */
function template(): Incident {
  const t = new Date().toISOString();
  return {
    id: 'INC-20250301-0001',
    status: 'acknowledged',
    category: 'flood',
    subCategory: 'water_level',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Observed',
    title: 'Ngập sâu tại cầu Trần Hưng Đạo, phường Đức Nghĩa',
    titleEn: 'Deep flooding at Tran Hung Dao bridge, Duc Nghia ward',
    description: 'Mực nước vượt báo động II tại trạm đo Cà Ty; đề nghị điều lực lượng cứu hộ.',
    lat: 10.9284,
    lon: 108.0986,
    ward: 'duc-nghia',
    source: 'flood-level',
    openedAt: t,
    updatedAt: t,
    lastSignalAt: t,
    acknowledgedAt: t,
    dispatchedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignee: 'operator-1',
    unitIds: [],
    evidenceCount: 3,
    overdue: false,
    relatedIncidentId: null,
    mergedInto: null,
  };
}

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // fields 14 and 15 of stat; after "pid (comm) " the state is field 3 → index 0
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

interface ClientResult {
  seqs: number[];
  latencies: number[];
  sensorTimes: number[];
  sensorStates: number;
  resyncs: number;
  errors: string[];
}

/** CLIENTS clients spread over WORKERS threads; resolves once all are connected (and subscribed). */
async function startClients(url: string, token: string | null, subscribe: boolean) {
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  for (let w = 0; w < WORKERS; w++) {
    const count = Math.floor(CLIENTS / WORKERS) + (w < CLIENTS % WORKERS ? 1 : 0);
    const worker = new Worker(join(__dirname, 'live-clients.worker.js'), {
      workerData: { url, token, count, subscribe },
    });
    workers.push(worker);
    ready.push(
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('clients did not connect')), 60_000);
        worker.once('message', (m: { type: string }) => {
          clearTimeout(t);
          if (m.type === 'ready') resolve();
        });
        worker.once('error', reject);
      }),
    );
  }
  await Promise.all(ready);
  return {
    stop: async (): Promise<ClientResult[]> => {
      const all = await Promise.all(
        workers.map(
          (w) =>
            new Promise<ClientResult[]>((resolve) => {
              w.on('message', (m: { type: string; results: ClientResult[] }) => {
                if (m.type === 'results') resolve(m.results);
              });
              w.postMessage({ type: 'stop' });
            }),
        ),
      );
      await Promise.all(workers.map((w) => w.terminate()));
      return all.flat();
    },
  };
}

function summarise(
  results: ClientResult[],
  expected: number[],
  window: { from: number; to: number },
  cpu: number,
) {
  const windowS = (window.to - window.from) / 1000;
  const want = new Set(expected);
  let lost = 0;
  let duplicates = 0;
  let outOfOrder = 0;
  let deliveries = 0;
  let n = 0;
  for (const r of results) n += r.latencies.length;
  const lat = new Float64Array(n);
  let k = 0;
  for (const r of results) {
    const seen = new Set<number>();
    for (let i = 0; i < r.seqs.length; i++) {
      const s = r.seqs[i];
      if (seen.has(s)) duplicates++;
      if (i > 0 && s <= r.seqs[i - 1]) outOfOrder++;
      seen.add(s);
    }
    for (const s of want) if (!seen.has(s)) lost++;
    deliveries += r.seqs.length;
    for (const l of r.latencies) lat[k++] = l;
  }
  lat.sort();
  const q = (p: number) => (n ? Math.round(lat[Math.min(n - 1, Math.floor(n * p))] * 10) / 10 : null);
  return {
    clients: results.length,
    events: expected.length,
    deliveries,
    deliveriesPerS: Math.round(deliveries / windowS),
    latencyMs: { p50: q(0.5), p99: q(0.99), max: n ? Math.round(lat[n - 1] * 10) / 10 : null },
    lost,
    duplicates,
    outOfOrder,
    serverCpuMs: Math.round(cpu),
    serverCpuUsPerDelivery: deliveries ? Math.round(((cpu * 1000) / deliveries) * 100) / 100 : null,
    resyncs: results.reduce((a, r) => a + r.resyncs, 0),
    errors: [...new Set(results.flatMap((r) => r.errors))].slice(0, 5),
    sensor: sensorSummary(results, window),
  };
}

/** Sensor delta batches per client: rate inside the window and the shortest gap between two batches. */
function sensorSummary(results: ClientResult[], window: { from: number; to: number }) {
  let inWindow = 0;
  let minGap = Infinity;
  let states = 0;
  for (const r of results) {
    states += r.sensorStates;
    for (let i = 0; i < r.sensorTimes.length; i++) {
      const t = r.sensorTimes[i];
      if (t >= window.from && t <= window.to) inWindow++;
      if (i > 0) minGap = Math.min(minGap, t - r.sensorTimes[i - 1]);
    }
  }
  const s = (window.to - window.from) / 1000;
  return {
    batchesPerClientPerS: Math.round((inWindow / results.length / s) * 100) / 100,
    minGapMs: Number.isFinite(minGap) ? Math.round(minGap) : null,
    statesReceived: states,
  };
}

/** RATE changes/s for SECONDS, each its own transaction; returns when the last one committed. */
async function writeChanges(db: Database, tpl: Incident): Promise<void> {
  const total = RATE * SECONDS;
  let next = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < total) {
        const i = next++;
        const wait = t0 + (i * 1000) / RATE - now();
        if (wait > 1) await sleep(wait);
        const id = `INC-B-${i % 2000}`;
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          const payload = { ...tpl, id, updatedAt: new Date().toISOString(), benchT: now() };
          await appendLiveEvents(client, [{ kind: 'incident', entityId: id, op: 'comment', payload }]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }
    }),
  );
}

/** What an ingest instance publishes for the live instances: newest states of the devices that changed. */
function startSensorPublisher(brokerUrl: string) {
  const src = `bench-ingest-${run}`;
  const c = mqtt.connect(brokerUrl, { clientId: `bench-live-sensors-${run}` });
  // Signed like an ingest instance's messages (the server refuses unsigned ones).
  const key = deriveLiveChannelKey(JWT_SECRET);
  const topic = `${sensorStatePrefix(`benchlive${run}`)}${src}`;
  const boot = randomBytes(8).toString('hex');
  let tick = 0;
  const timer = setInterval(() => {
    const t = new Date().toISOString();
    const states = [];
    // a fifth of the devices every 200 ms: each device reports once a second
    for (let d = tick % 5; d < SENSOR_DEVICES; d += 5) {
      states.push({
        deviceId: `bench-aq-${d}`,
        metrics: { pm25: { value: (d + tick) % 300, unit: 'ug/m3', time: t } },
      });
    }
    tick++;
    const msg = { v: 1 as const, src, boot, seq: tick, sent: Date.now(), states };
    c.publish(topic, encodeLiveChannel(key, topic, msg), { qos: 0 });
  }, 200);
  return { stop: () => (clearInterval(timer), c.endAsync()) };
}

async function liveRun(dbUrl: string, brokerUrl: string) {
  const port = await freePort();
  const server = startBenchServer(port, {
    DATABASE_URL: dbUrl,
    MQTT_URL: brokerUrl,
    IOC_ROLES: 'live',
    MQTT_CLIENT_ID: `ioc-bench-live-${run}`,
    MQTT_SHARED_GROUP: `benchlive${run}`,
    MQTT_SESSION_EXPIRY_S: '60',
    JWT_SECRET,
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url);
  const adb = new Database(dbUrl, 1);
  const adminId = (await adb.query<{ id: string }>('SELECT id FROM users WHERE username = $1', ['admin']))[0]
    .id;
  await adb.close();
  const token = await signJwt(
    { sub: adminId, username: 'admin', role: 'admin', typ: 'access' },
    JWT_SECRET,
    3600,
  );
  const clients = await startClients(url, token, true);
  const sensors = startSensorPublisher(brokerUrl);
  await sleep(1000);

  const db = new Database(dbUrl, WRITERS);
  const before = await scalar(dbUrl, 'SELECT coalesce(max(seq), 0) FROM live_events');
  const cpu0 = cpuMs(server.pid!);
  const t0 = now();
  await writeChanges(db, template());
  const written = now();
  await sensors.stop();
  // Let the last events arrive (a lost one would never: the count below says so).
  await sleep(1500);
  const cpu = cpuMs(server.pid!) - cpu0;
  const results = await clients.stop();
  const expected = (
    await db.query<{ seq: string }>('SELECT seq FROM live_events WHERE seq > $1 ORDER BY seq', [before])
  ).map((r) => Number(r.seq));
  await db.close();
  const rss = peakRssMb(server.pid!);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const forget = await mqtt.connectAsync(brokerUrl, { clientId: `ioc-bench-live-${run}`, clean: true });
  await forget.endAsync();
  return {
    ...summarise(results, expected, { from: t0, to: written }, cpu),
    achievedRate: Math.round(expected.length / ((written - t0) / 1000)),
    serverPeakRssMb: rss,
  };
}

async function baselineRun() {
  const port = await freePort();
  const server = spawn(process.execPath, [join(__dirname, 'live-baseline.server.js'), String(port)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const line = (re: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const m = re.exec(out);
        if (m) {
          server.stdout!.off('data', on);
          resolve(m[0]);
        }
      };
      const on = (d: Buffer) => {
        out += d.toString();
        check();
      };
      server.stdout!.on('data', on);
      check();
    });
  await line(/listening/);
  const clients = await startClients(`http://127.0.0.1:${port}`, null, false);
  await sleep(1000);
  const cpu0 = cpuMs(server.pid!);
  const t0 = now();
  server.stdin!.write(
    `${JSON.stringify({ emit: { rate: RATE, seconds: SECONDS, template: template() } })}\n`,
  );
  const done = await line(/done (\d+)/);
  const written = now();
  await sleep(1500);
  const cpu = cpuMs(server.pid!) - cpu0;
  const results = await clients.stop();
  const emitted = Number(done.split(' ')[1]);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  return summarise(
    results,
    Array.from({ length: emitted }, (_, i) => i + 1),
    { from: t0, to: written },
    cpu,
  );
}

async function main() {
  const admin = process.env.DATABASE_URL;
  const brokerUrl = process.env.MQTT_URL;
  if (!admin || !brokerUrl)
    throw new Error('DATABASE_URL and MQTT_URL are required (tools/bench.mjs provides them)');
  const dbName = `bench_live_${run}`;
  await adminQuery(admin, `CREATE DATABASE ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  try {
    const mdb = new Database(dbUrl, 1);
    const { timescale } = await migrate(mdb, join(root, 'apps/server/migrations'));
    await mdb.close();
    const loadBefore = loadavg()[0];
    console.error(
      `[bench live] ${CLIENTS} clients, ${RATE} incident changes/s for ${SECONDS} s through the outbox…`,
    );
    const live = await liveRun(dbUrl, brokerUrl);
    console.error(`[bench live] baseline: bare socket.io emit loop, same clients and rate…`);
    const baseline = await baselineRun();
    const result = {
      bench: 'live',
      machine: {
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      postgres: { timescale },
      broker: process.env.BENCH_BROKER ?? brokerUrl,
      // 1-minute load average before and after: other work on the machine skews every figure
      load: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
      config: { clients: CLIENTS, rate: RATE, seconds: SECONDS, sensorDevices: SENSOR_DEVICES },
      live,
      baseline,
      ratio: {
        p99:
          live.latencyMs.p99 && baseline.latencyMs.p99 ? live.latencyMs.p99 / baseline.latencyMs.p99 : null,
        cpuPerDelivery:
          live.serverCpuUsPerDelivery && baseline.serverCpuUsPerDelivery
            ? live.serverCpuUsPerDelivery / baseline.serverCpuUsPerDelivery
            : null,
      },
    };
    const out = process.env.BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
