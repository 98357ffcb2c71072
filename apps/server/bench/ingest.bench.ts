import { adaptMessage } from '@ioc/feeds/adapter.registry';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { DEFAULT_ROUTES } from '@ioc/feeds/topic.router';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt, { type MqttClient } from 'mqtt';
import { Client } from 'pg';
import { findRepoRoot } from '../src/app/repo-root.util';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { DevicesRepository } from '../src/devices/devices.repository';
import { BatchWriter } from '../src/ingest/batch.writer';
import { DeviceTouchThrottle } from '../src/devices/device-touch.throttle';
import { ReadingsRepository, type StoredReading } from '../src/readings/readings.repository';
import { ingestFilters } from '../src/ingest/feed.router';
import { LatencyHistogram } from '../src/ingest/latency.histogram';
import { adminQuery, copyReadings, scalar } from './copy-baseline.repository';
import { freePort, serverNodeArgs, startBenchServer, waitHealthy } from './bench-server.util';
import { cpuDeltaMs, cpuMs, parentPid, peakRssBytes, postgresCpuMs } from './proc-stats.util';

/**
 * `npm run bench -- ingest`: (1) the writer (the server's own insert path) against a raw COPY of the
 * same rows into the same table, in the same run; (2) the whole chain — publishers → broker → server
 * (adapters, batch writer, ack after commit) → PostgreSQL — at QoS 0 and QoS 1, counting what landed, each
 * right after the same messages through the bare chain (chain-baseline.worker.ts: MQTT.js, JSON.parse, COPY
 * of raw rows), with the CPU each process used; (3) two server processes sharing the subscription against
 * one; (4) receive→commit and publish→commit latency at half the measured QoS 1 rate.
 * Env: DATABASE_URL (admin), MQTT_URL, BENCH_N, BENCH_PACED_S, BENCH_WARMUP_S (seconds of the paced traffic sent
 * and committed before its measured part; 0: none), BENCH_BROKER_PID (CPU share of the broker),
 * BENCH_SERVER_NODE_ARGS (node flags for the server processes), BENCH_SERVER_MAIN (another build's main.js,
 * e.g. an earlier commit's, for a before/after comparison), BENCH_OUT (JSON result file).
 */
const root = findRepoRoot(__dirname);
const N = Number(process.env.BENCH_N ?? 200_000);
const WRITER_ROWS = Number(process.env.BENCH_WRITER_ROWS ?? 200_000);
const PACED_S = Number(process.env.BENCH_PACED_S ?? 30);
/** The paced run first sends this many seconds of the same traffic, so what it measures is a warmed-up server. */
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN;
/** Every 50th message (a SenML one) is a probe: its row is looked up by its unique key to time publish→commit. */
const PROBE_EVERY = 50;
const PROBE_POLL_MS = 20;
const run = Date.now().toString(36);
// The bench server creates its first admin with this password so the stats route can be read.
const BENCH_ADMIN_PASSWORD = `bench-${randomBytes(12).toString('hex')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Msg {
  topic: string;
  payload: Buffer;
  /** The unique key of the message's reading, on the messages timed publish→commit. */
  probe?: { deviceId: string; time: string };
}

interface MessageSet {
  msgs: Msg[];
  readings: number;
  positions: number;
}

/** The mixed feed: 70 % SenML, 10 % each Zigbee2MQTT, The Things Stack uplinks and OwnTracks. */
/** `n` messages; `earlierBy` seconds before the default time range (a warm-up set beside a measured one). */
function buildMessages(n: number, earlierBy = 0): MessageSet {
  const ttn = JSON.parse(readFileSync(join(root, 'libs/feeds/fixtures/tts-v3-uplink.json'), 'utf8'));
  // one second per message, ending before now: the server dead-letters times ahead of its clock and older
  // than RETENTION_DAYS, so the series must lie inside that window whatever day the bench runs
  const base = Math.floor(Date.now() / 1000) - n - 3600 - earlierBy;
  const msgs: Msg[] = [];
  for (let i = 0; i < n; i++) {
    const slot = i % 10;
    const dev = i % 1000;
    const t = base + i; // one second per message: every (device, metric, time) is distinct
    const iso = new Date(t * 1000).toISOString();
    if (slot < 7) {
      const id = `bench-${run}-s${dev}`;
      msgs.push({
        topic: `ioc/senml/${id}`,
        payload: Buffer.from(
          JSON.stringify([{ bn: `${id}:`, bt: t, n: 'pm25', u: 'ug/m3', v: (i % 500) / 10 }]),
        ),
      });
    } else if (slot === 7) {
      msgs.push({
        topic: `zigbee2mqtt/bench-${run}/z${dev}`,
        payload: Buffer.from(
          JSON.stringify({
            temperature: 20 + (i % 100) / 10,
            humidity: 60,
            battery: 90,
            linkquality: 120,
            last_seen: iso,
          }),
        ),
      });
    } else if (slot === 8) {
      const m = structuredClone(ttn);
      m.end_device_ids.device_id = `bench-${run}-t${dev}`;
      m.end_device_ids.application_ids = { application_id: 'bench' }; // the topic's application
      m.end_device_ids.dev_eui = (0x1000000000000000n + BigInt(dev)).toString(16).toUpperCase();
      m.received_at = iso;
      m.uplink_message.received_at = iso;
      m.uplink_message.f_cnt = i;
      msgs.push({
        topic: `v3/bench@ttn/devices/bench-${run}-t${dev}/up`,
        payload: Buffer.from(JSON.stringify(m)),
      });
    } else {
      msgs.push({
        topic: `owntracks/bench${run}/u${dev}`,
        payload: Buffer.from(
          JSON.stringify({
            _type: 'location',
            lat: 10.93,
            lon: 108.1,
            tst: t,
            acc: 5,
            vel: 30,
            cog: 90,
            batt: 80,
          }),
        ),
      });
    }
  }
  // Expected rows come from the same pure adapters the server uses.
  const ctx = createAdapterContext();
  let readings = 0;
  let positions = 0;
  for (const [i, m] of msgs.entries()) {
    const { result } = adaptMessage(m.topic, m.payload, new Date(), ctx, DEFAULT_ROUTES);
    if (!result.ok) throw new Error(`bench message rejected: ${result.reason} (${m.topic})`);
    const first = result.records[0];
    if (i % PROBE_EVERY === 0 && first?.type === 'reading')
      m.probe = { deviceId: first.reading.deviceId, time: first.reading.time };
    for (const r of result.records) {
      if (r.type === 'reading') readings++;
      if (r.type === 'unit_position') positions++;
    }
  }
  return { msgs, readings, positions };
}

async function writerVsCopy(url: string) {
  const rows: StoredReading[] = [];
  const base = Date.UTC(2026, 1, 1);
  const receivedAt = new Date().toISOString();
  for (let i = 0; i < WRITER_ROWS; i++) {
    rows.push({
      time: new Date(base + i * 1000).toISOString(),
      deviceId: `w-${i % 1000}`,
      metric: 'pm25',
      value: i % 97,
      valueText: null,
      unit: 'ug/m3',
      source: 'senml',
      receivedAt,
    });
  }
  const db = new Database(url, 4);
  const devices = new DevicesRepository(db);
  const batch = Number(process.env.INGEST_BATCH_SIZE ?? 2000);
  const writers = Number(process.env.INGEST_WRITERS ?? 3);
  const rounds: { copy: number; writer: number }[] = [];
  for (let round = 0; round < 3; round++) {
    await adminQuery(url, 'TRUNCATE readings');
    const c0 = performance.now();
    await copyReadings(url, rows);
    const copy = WRITER_ROWS / ((performance.now() - c0) / 1000);
    await adminQuery(url, 'TRUNCATE readings, reading_series, devices CASCADE');
    // a fresh repository each round: its series cache must start as empty as the registry
    const repo = new ReadingsRepository(db);
    // The server's write step for a readings batch (IngestService): series registry, COPY (ON CONFLICT
    // fallback), device registry touch — through BatchWriter with INGEST_WRITERS batches in flight.
    const touches = new DeviceTouchThrottle();
    const writerQueue = new BatchWriter<StoredReading>({
      name: 'bench',
      maxBatch: batch,
      maxAgeMs: 50,
      concurrency: writers,
      write: async (chunk) => {
        await repo.touchSeries(chunk);
        await repo.insert(chunk);
        await devices.touch(
          touches.select(
            chunk.map((r) => ({
              id: r.deviceId,
              source: 'senml',
              seenAt: r.receivedAt,
            })),
          ),
        );
      },
    });
    const w0 = performance.now();
    for (const r of rows) writerQueue.push(r);
    await writerQueue.flush();
    const writer = WRITER_ROWS / ((performance.now() - w0) / 1000);
    rounds.push({ copy, writer });
  }
  await adminQuery(url, 'TRUNCATE readings');
  await adminQuery(url, 'TRUNCATE devices CASCADE');
  await db.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const copy = median(rounds.map((r) => r.copy));
  const writer = median(rounds.map((r) => r.writer));
  return {
    rows: WRITER_ROWS,
    batch,
    writers,
    copyRowsPerS: Math.round(copy),
    writerRowsPerS: Math.round(writer),
    ratio: writer / copy,
  };
}

function startServer(
  dbUrl: string,
  brokerUrl: string,
  port: number,
  clientId: string,
  group: string,
): ChildProcess {
  return startBenchServer(
    port,
    {
      DATABASE_URL: dbUrl,
      MQTT_URL: brokerUrl,
      IOC_ROLES: 'ingest,api',
      MQTT_CLIENT_ID: clientId,
      // a group per run: a stopped instance's persistent session would otherwise keep taking its share
      MQTT_SHARED_GROUP: group,
      MQTT_SESSION_EXPIRY_S: '300',
      IOC_ADMIN_USERNAME: 'admin',
      IOC_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    },
    SERVER_MAIN,
  );
}

/** The bare chain (chain-baseline.worker.ts) in its own process; resolves once it is subscribed. */
async function startChain(
  dbUrl: string,
  brokerUrl: string,
  group: string,
  mode: 'raw' | 'stored',
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'chain-baseline.worker.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      MQTT_URL: brokerUrl,
      CHAIN_FILTERS: JSON.stringify(ingestFilters(DEFAULT_ROUTES)),
      CHAIN_GROUP: group,
      CHAIN_CLIENT_ID: `bench-chain-${group}`,
      CHAIN_MODE: mode,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (c) => reject(new Error(`chain baseline exited (${c})`)));
  });
  return child;
}

async function ingestStats(api: string) {
  const login = (await (
    await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
    })
  ).json()) as { accessToken: string };
  return (await (
    await fetch(`${api}/api/ingest/stats`, { headers: { authorization: `Bearer ${login.accessToken}` } })
  ).json()) as {
    received: number;
    latencyMs: { p50: number; p99: number; max: number };
    latencyHistogramMs: [number, number][];
  };
}

const stop = async (p: ChildProcess) => {
  if (p.exitCode !== null) return;
  p.kill('SIGTERM');
  await new Promise((r) => p.once('exit', r));
};

const quantiles = (xs: number[]) => {
  if (!xs.length) return { count: 0, p50: null, p99: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { count: s.length, p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
};

interface RunOptions {
  /** chain: the bare chain (raw rows); stored: the same chain storing the adapters' keyed rows. */
  target: 'server' | 'chain' | 'stored';
  qos: 0 | 1;
  /** Server processes sharing the subscription group (server only). */
  instances?: number;
  /** Publish at this many msg/s in all (a token bucket across the publishers) instead of as fast as possible. */
  rate?: number;
  /**
   * Published (at `rate`) and committed before the measured part, on the same server: its rows and their
   * latency are left out of the figures (server only).
   */
  warmup?: MessageSet;
}

/** CPU (ms) of the processes the chain runs on, sampled together. */
interface CpuSample {
  ingest: number;
  broker: number | null;
  /** by pid: backends come and go */
  postgres: Map<number, number> | null;
  bench: number;
}

async function endToEnd(
  ctx: {
    dbUrl: string;
    dbName: string;
    brokerUrl: string;
    postmaster: number | null;
    brokerPid: number | null;
  },
  set: MessageSet,
  opts: RunOptions,
) {
  const { dbUrl, brokerUrl } = ctx;
  const { target, qos } = opts;
  const instances = target === 'server' ? (opts.instances ?? 1) : 1;
  await adminQuery(
    dbUrl,
    'TRUNCATE readings, unit_positions, dead_letters, devices, device_events, bench_chain_raw',
  );
  const tag = `${target}${instances}q${qos}${opts.rate ? 'p' : ''}`;
  const group = `bench${run}${tag}`;
  const procs: ChildProcess[] = [];
  const apis: string[] = [];
  const clientIds: string[] = [];
  if (target === 'server') {
    // one after the other: the first one creates the admin the stats route needs
    for (let k = 0; k < instances; k++) {
      const port = await freePort();
      const clientId = `ioc-bench-${run}-${tag}-${k}`;
      procs.push(startServer(dbUrl, brokerUrl, port, clientId, group));
      apis.push(`http://127.0.0.1:${port}`);
      clientIds.push(clientId);
      await waitHealthy(apis[k]);
    }
  } else procs.push(await startChain(dbUrl, brokerUrl, group, target === 'chain' ? 'raw' : 'stored'));

  const publishers: MqttClient[] = await Promise.all(
    Array.from({ length: 4 }, (_, k) =>
      mqtt.connectAsync(brokerUrl, { clientId: `bench-pub-${run}-${tag}-${k}` }),
    ),
  );
  // the server and the stored chain write the adapters' rows; the bare chain one raw row per message
  const keyed = target !== 'chain';
  const expected = keyed ? set.readings + set.positions : set.msgs.length;
  const poll = new Client({ connectionString: dbUrl });
  await poll.connect();
  const countSql = keyed
    ? 'SELECT (SELECT count(*) FROM readings) + (SELECT count(*) FROM unit_positions) AS n'
    : 'SELECT count(*) AS n FROM bench_chain_raw';
  // rows of the warm-up (committed before the measured part) are left out of every count
  let warmRows = 0;
  const count = async () => Number((await poll.query(countSql)).rows[0].n) - warmRows;
  const pids = procs.map((p) => p.pid!);
  const sample = (): CpuSample => {
    const u = process.cpuUsage();
    return {
      ingest: pids.reduce((a, pid) => a + cpuMs(pid), 0),
      broker: ctx.brokerPid ? cpuMs(ctx.brokerPid) : null,
      postgres: ctx.postmaster ? postgresCpuMs(ctx.postmaster, ctx.dbName) : null,
      bench: (u.user + u.system) / 1000,
    };
  };
  let peak = 0;
  const rssTimer = setInterval(() => (peak = Math.max(peak, ...pids.map((pid) => peakRssBytes(pid)))), 200);

  // publish→commit probes (paced run): published time by index, looked up by their unique key
  const probePublished = new Map<number, number>();
  const probeLatencies: number[] = [];
  let probing = !!opts.rate && target === 'server';
  const probeLoop = (async () => {
    const probe = new Client({ connectionString: dbUrl });
    await probe.connect();
    try {
      while (probing || probePublished.size) {
        await sleep(PROBE_POLL_MS);
        if (!probePublished.size) continue;
        const idx = [...probePublished.keys()];
        const r = await probe.query<{ i: number }>(
          `SELECT p.i FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS p(i, d, t)
            JOIN readings r ON r.device_id = p.d AND r.metric = 'pm25' AND r.time = p.t`,
          [idx, idx.map((i) => set.msgs[i].probe!.deviceId), idx.map((i) => set.msgs[i].probe!.time)],
        );
        const seen = performance.now();
        for (const { i } of r.rows) {
          probeLatencies.push(seen - probePublished.get(i)!);
          probePublished.delete(i);
        }
      }
    } finally {
      await probe.end();
    }
  })();

  const window = qos === 0 ? 1 : 1000;
  /** Publishes `msgs` over the publishers (at opts.rate from `start`); probes only on the measured part. */
  const publish = async (msgs: Msg[], start: number, probe: boolean) => {
    let next = 0;
    await Promise.all(
      publishers.map(async (p) => {
        // QoS 1 window as a counter and one waiter: a Promise.race over 1,000 pending publishes per message
        // cost the publishers O(window) CPU per message, on the same cores as what is measured.
        let inflight = 0;
        let limit = window;
        let waiter: (() => void) | null = null;
        let failure: Error | null = null;
        const acked = (err?: Error) => {
          inflight--;
          if (err) failure = err;
          if (waiter && inflight < limit) {
            const w = waiter;
            waiter = null;
            w();
          }
        };
        while (next < msgs.length) {
          const i = next++;
          if (opts.rate) {
            // token bucket: message i is due i/rate seconds after the start; behind schedule, catch up at once
            const wait = start + (i * 1000) / opts.rate - performance.now();
            if (wait > 1) await sleep(wait);
          }
          const m = msgs[i];
          if (probe && m.probe) probePublished.set(i, performance.now());
          if (qos === 0) {
            // QoS 0 has no ack: respect the socket's backpressure instead
            if (!p.publish(m.topic, m.payload, { qos: 0 }).stream.writableNeedDrain) continue;
            await new Promise((r) => p.stream.once('drain', r));
          } else {
            inflight++;
            p.publish(m.topic, m.payload, { qos: 1 }, acked);
            if (inflight >= limit) await new Promise<void>((r) => (waiter = r));
          }
        }
        limit = 1;
        while (inflight > 0) await new Promise<void>((r) => (waiter = r));
        if (failure) throw failure;
      }),
    );
  };

  // Warm-up (paced runs): the same traffic first, committed before anything is measured, so the figures are
  // those of a running server, not of a cold process registering the bench's devices.
  let histogramBefore: [number, number][] | null = null;
  if (opts.warmup) {
    await publish(opts.warmup.msgs, performance.now(), false);
    const rows = opts.warmup.readings + opts.warmup.positions;
    const deadline = performance.now() + 60_000;
    while ((await count()) < rows) {
      if (performance.now() > deadline) throw new Error('the warm-up was not committed within 60 s');
      await sleep(50);
    }
    warmRows = rows;
    histogramBefore = (await ingestStats(apis[0])).latencyHistogramMs;
  }

  const cpu0 = sample();
  const t0 = performance.now();
  await publish(set.msgs, t0, probing);
  const published = performance.now();
  // Wait for the last row; a count that stops moving for 10 s means the rest was lost.
  let last = -1;
  let stableSince = performance.now();
  let committedAt = performance.now();
  let cpu1 = sample();
  for (;;) {
    const n = await count();
    if (n !== last) {
      last = n;
      stableSince = performance.now();
      committedAt = performance.now();
      cpu1 = sample();
    }
    if (n >= expected || performance.now() - stableSince > 10_000) break;
    await sleep(50);
  }
  probing = false;
  // probes not found by now were lost (the row count says so too)
  const probesMissing = await Promise.race([
    probeLoop.then(() => 0),
    sleep(2000).then(() => probePublished.size),
  ]);
  probePublished.clear();
  await probeLoop;
  clearInterval(rssTimer);
  peak = Math.max(peak, ...pids.map((pid) => peakRssBytes(pid)));
  const stats = target === 'server' ? await Promise.all(apis.map(ingestStats)) : [];
  await Promise.all(publishers.map((p) => p.endAsync()));
  await Promise.all(procs.map(stop));
  for (const clientId of clientIds) {
    const forget = await mqtt.connectAsync(brokerUrl, { clientId, clean: true });
    await forget.endAsync();
  }
  // The final count after the processes stopped: distinct rows, and rows beyond one per message.
  const final = keyed
    ? (
        await poll.query<{ rows: string; distinct: string }>(
          `SELECT (SELECT count(*) FROM readings) + (SELECT count(*) FROM unit_positions) AS rows,
                    (SELECT count(*) FROM (SELECT DISTINCT device_id, metric, time FROM readings) r)
                  + (SELECT count(*) FROM (SELECT DISTINCT unit_id, time FROM unit_positions) u) AS distinct`,
        )
      ).rows[0]
    : (
        await poll.query<{ rows: string; distinct: string }>(
          'SELECT count(*) AS rows, count(DISTINCT md5(payload)) AS distinct FROM bench_chain_raw',
        )
      ).rows[0];
  await poll.end();
  const rows = Number(final.rows) - warmRows;
  const distinct = Number(final.distinct) - warmRows;
  const seconds = (committedAt - t0) / 1000;
  const cpuDelta = (k: 'ingest' | 'broker' | 'bench') =>
    cpu1[k] === null || cpu0[k] === null ? null : Math.round(cpu1[k]! - cpu0[k]!);
  const cpuMsIngest = cpuDelta('ingest')!;
  const received = stats.map((s) => s.received);
  const totalReceived = received.reduce((a, b) => a + b, 0);
  return {
    target,
    qos,
    instances,
    paced: opts.rate ? Math.round(opts.rate) : null,
    messages: set.msgs.length,
    expectedRows: expected,
    committedRows: distinct,
    lostRows: Math.max(0, expected - distinct),
    duplicatedRows: rows - distinct,
    // redeliveries the broker made (unique keys keep them out of the tables); the chain does not count them
    duplicatesReceived:
      target === 'server'
        ? Math.max(0, totalReceived - set.msgs.length - (opts.warmup?.msgs.length ?? 0))
        : null,
    // the share of the messages each server process took (shared subscription)
    shares: instances > 1 ? received.map((r) => Math.round((r / totalReceived) * 1000) / 1000) : null,
    publishSeconds: (published - t0) / 1000,
    seconds,
    msgPerS: Math.round((set.msgs.length * (distinct / expected)) / seconds),
    rowsPerS: Math.round(distinct / seconds),
    cpu: {
      // utime + stime from the first publish to the last commit seen
      ingestMs: cpuMsIngest,
      usPerMsg: Math.round((cpuMsIngest * 1000 * 10) / set.msgs.length) / 10,
      usPerRow: distinct ? Math.round((cpuMsIngest * 1000 * 10) / distinct) / 10 : null,
      brokerMs: cpuDelta('broker'),
      // the bench database's backends and the shared writers (other databases of the cluster excluded)
      postgresMs:
        cpu0.postgres && cpu1.postgres ? Math.round(cpuDeltaMs(cpu0.postgres, cpu1.postgres)) : null,
      // the bench process: publishers and the count polling
      benchMs: cpuDelta('bench'),
    },
    // receive→commit of the server's rows (its own histogram); merged over instances by taking the worst
    latencyMs:
      stats.length === 0
        ? null
        : histogramBefore
          ? LatencyHistogram.between(histogramBefore, stats[0].latencyHistogramMs).summary()
          : {
              p50: Math.max(...stats.map((s) => s.latencyMs.p50)),
              p99: Math.max(...stats.map((s) => s.latencyMs.p99)),
              max: Math.max(...stats.map((s) => s.latencyMs.max)),
            },
    // the server's whole histogram, warm-up included (the cold start's first seconds)
    latencyWithWarmupMs: histogramBefore ? stats[0].latencyMs : null,
    warmupMessages: opts.warmup?.msgs.length ?? null,
    publishToCommitMs: opts.rate
      ? {
          ...roundQ(quantiles(probeLatencies)),
          missing: probesMissing,
          every: PROBE_EVERY,
          pollMs: PROBE_POLL_MS,
        }
      : null,
    peakRssMb: Math.round(peak / 1048576),
  };
}

const roundQ = (q: ReturnType<typeof quantiles>) => ({
  count: q.count,
  p50: q.p50 === null ? null : Math.round(q.p50),
  p99: q.p99 === null ? null : Math.round(q.p99),
  max: q.max === null ? null : Math.round(q.max),
});

/** PostgreSQL's postmaster when it runs on this machine (its backends are its children), else null. */
async function postmasterPid(url: string): Promise<number | null> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    // read while the backend is alive: it exits with the connection
    const backend = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const parent = parentPid(backend);
    return parent && readFileSync(`/proc/${parent}/comm`, 'utf8').startsWith('postgres') ? parent : null;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

async function main() {
  const admin = process.env.DATABASE_URL;
  const brokerUrl = process.env.MQTT_URL;
  if (!admin || !brokerUrl)
    throw new Error('DATABASE_URL and MQTT_URL are required (tools/bench.mjs provides them)');
  const loadBefore = loadavg()[0];
  const dbName = `bench_${run}`;
  await adminQuery(admin, `CREATE DATABASE ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  try {
    const mdb = new Database(dbUrl, 1);
    const { timescale } = await migrate(mdb, join(root, 'apps/server/migrations'));
    await mdb.close();
    // the bare chain's table: one raw row per message, no index, no key
    await adminQuery(
      dbUrl,
      'CREATE TABLE bench_chain_raw (received_at timestamptz NOT NULL, topic text NOT NULL, payload text NOT NULL)',
    );
    const pgVersion = await scalar(dbUrl, `SELECT current_setting('server_version_num')::int`);
    const ctx = {
      dbUrl,
      dbName,
      brokerUrl,
      postmaster: await postmasterPid(dbUrl),
      brokerPid: process.env.BENCH_BROKER_PID ? Number(process.env.BENCH_BROKER_PID) : null,
    };
    console.error(`[bench ingest] writer vs COPY (${WRITER_ROWS} rows)…`);
    const writer = await writerVsCopy(dbUrl);
    console.error(`[bench ingest] building ${N} mixed messages…`);
    const set = buildMessages(N);
    const runs: Awaited<ReturnType<typeof endToEnd>>[] = [];
    // the bare chain right before the server, with the same messages
    for (const qos of [0, 1] as const) {
      for (const target of ['chain', 'stored', 'server'] as const) {
        console.error(`[bench ingest] ${target}, QoS ${qos}…`);
        runs.push(await endToEnd(ctx, set, { target, qos }));
      }
    }
    console.error('[bench ingest] two server processes, QoS 1…');
    const x2 = await endToEnd(ctx, set, { target: 'server', qos: 1, instances: 2 });
    const find = (target: string, qos: number) => runs.find((r) => r.target === target && r.qos === qos)!;
    const q1 = find('server', 1);
    const rate = q1.msgPerS / 2;
    console.error(
      `[bench ingest] paced QoS 1 at ${Math.round(rate)} msg/s for ${PACED_S} s after ${WARMUP_S} s of warm-up…`,
    );
    const measured = Math.round(rate * PACED_S);
    const paced = await endToEnd(ctx, buildMessages(measured), {
      target: 'server',
      qos: 1,
      rate,
      // earlier times than the measured messages: no key of the warm-up is one of theirs
      warmup: WARMUP_S > 0 ? buildMessages(Math.round(rate * WARMUP_S), measured + 60) : undefined,
    });
    const result = {
      bench: 'ingest',
      machine: {
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      postgres: { versionNum: pgVersion, timescale },
      broker: process.env.BENCH_BROKER ?? brokerUrl,
      serverNodeArgs: serverNodeArgs().join(' ') || null,
      serverMain: process.env.BENCH_SERVER_MAIN ?? null,
      writer,
      endToEnd: runs.filter((r) => r.target === 'server'),
      chain: runs.filter((r) => r.target === 'chain'),
      stored: runs.filter((r) => r.target === 'stored'),
      ratio: {
        qos0: find('server', 0).msgPerS / find('chain', 0).msgPerS,
        qos1: q1.msgPerS / find('chain', 1).msgPerS,
        cpuPerMsgQos0: find('server', 0).cpu.usPerMsg / find('chain', 0).cpu.usPerMsg,
        cpuPerMsgQos1: q1.cpu.usPerMsg / find('chain', 1).cpu.usPerMsg,
        // the ceiling the keyed store alone puts on any ingest with 0 duplicates, and the server against it
        storedQos0: find('stored', 0).msgPerS / find('chain', 0).msgPerS,
        storedQos1: find('stored', 1).msgPerS / find('chain', 1).msgPerS,
        serverVsStoredQos0: find('server', 0).msgPerS / find('stored', 0).msgPerS,
        serverVsStoredQos1: q1.msgPerS / find('stored', 1).msgPerS,
      },
      twoProcesses: { one: q1, two: x2, ratio: x2.msgPerS / q1.msgPerS },
      paced,
      // 1-minute load average before and after: other work on the machine skews every figure
      load: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
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
