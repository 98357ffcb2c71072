import { adaptMessage } from '@ioc/feeds/adapter.registry';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { DEFAULT_ROUTES } from '@ioc/feeds/topic.router';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { findRepoRoot } from '../src/app/repo-root.util';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { DevicesRepository } from '../src/devices/devices.repository';
import { BatchWriter } from '../src/ingest/batch.writer';
import { DeviceTouchThrottle } from '../src/devices/device-touch.throttle';
import { ReadingsRepository, type StoredReading } from '../src/readings/readings.repository';
import { adminQuery, copyReadings, scalar } from './copy-baseline.repository';

/**
 * `npm run bench -- ingest`: (1) the writer (the server's own insert path) against a raw COPY of the
 * same rows into the same table, in the same run; (2) the whole chain — publishers → broker → server
 * (adapters, batch writer, ack after commit) → PostgreSQL — at QoS 0 and QoS 1, counting what landed.
 * Env: DATABASE_URL (admin), MQTT_URL, BENCH_N, BENCH_OUT (JSON result file).
 */
const root = findRepoRoot(__dirname);
const N = Number(process.env.BENCH_N ?? 200_000);
const WRITER_ROWS = Number(process.env.BENCH_WRITER_ROWS ?? 200_000);
const run = Date.now().toString(36);
// The bench server creates its first admin with this password so the stats route can be read.
const BENCH_ADMIN_PASSWORD = `bench-${randomBytes(12).toString('hex')}`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Msg {
  topic: string;
  payload: Buffer;
}

/** The mixed feed: 70 % SenML, 10 % each Zigbee2MQTT, The Things Stack uplinks and OwnTracks. */
function buildMessages(n: number): { msgs: Msg[]; readings: number; positions: number } {
  const ttn = JSON.parse(readFileSync(join(root, 'libs/feeds/fixtures/tts-v3-uplink.json'), 'utf8'));
  // one second per message, ending before now: the server dead-letters times ahead of its clock and older
  // than RETENTION_DAYS, so the series must lie inside that window whatever day the bench runs
  const base = Math.floor(Date.now() / 1000) - n - 3600;
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
  for (const m of msgs) {
    const { result } = adaptMessage(m.topic, m.payload, new Date(), ctx, DEFAULT_ROUTES);
    if (!result.ok) throw new Error(`bench message rejected: ${result.reason} (${m.topic})`);
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
  const repo = new ReadingsRepository(db);
  const devices = new DevicesRepository(db);
  const batch = Number(process.env.INGEST_BATCH_SIZE ?? 2000);
  const writers = Number(process.env.INGEST_WRITERS ?? 3);
  const rounds: { copy: number; writer: number }[] = [];
  for (let round = 0; round < 3; round++) {
    await adminQuery(url, 'TRUNCATE readings');
    const c0 = performance.now();
    await copyReadings(url, rows);
    const copy = WRITER_ROWS / ((performance.now() - c0) / 1000);
    await adminQuery(url, 'TRUNCATE readings');
    // The server's write step for a readings batch: unnest insert + device registry touch.
    // The server's write path as it runs: BatchWriter with INGEST_WRITERS batches in flight.
    const touches = new DeviceTouchThrottle();
    const writerQueue = new BatchWriter<StoredReading>({
      name: 'bench',
      maxBatch: batch,
      maxAgeMs: 50,
      concurrency: writers,
      write: async (chunk) => {
        await repo.insert(chunk);
        await devices.touch(
          touches.select(
            chunk.map((r) => ({
              id: r.deviceId,
              source: 'senml',
              seenAt: r.receivedAt,
              searchText: r.deviceId,
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

function startServer(dbUrl: string, brokerUrl: string, port: number, qos: number): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist/apps/server/apps/server/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      MQTT_URL: brokerUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      IOC_ROLES: 'ingest,api',
      MQTT_CLIENT_ID: `ioc-bench-${run}-q${qos}`,
      // a group per run: a stopped instance's persistent session would otherwise keep taking its share
      MQTT_SHARED_GROUP: `bench${run}q${qos}`,
      MQTT_SESSION_EXPIRY_S: '300',
      LOG_LEVEL: 'warn',
      SIM: 'false',
      IOC_ADMIN_USERNAME: 'admin',
      IOC_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function endToEnd(dbUrl: string, brokerUrl: string, qos: 0 | 1, set: ReturnType<typeof buildMessages>) {
  await adminQuery(dbUrl, 'TRUNCATE readings, unit_positions, dead_letters, devices, device_events');
  const port = await freePort();
  const server = startServer(dbUrl, brokerUrl, port, qos);
  const api = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${api}/api/health`)).status === 200) break;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('bench server did not start');
    await sleep(100);
  }
  const publishers: MqttClient[] = await Promise.all(
    Array.from({ length: 4 }, (_, k) =>
      mqtt.connectAsync(brokerUrl, { clientId: `bench-pub-${run}-${qos}-${k}` }),
    ),
  );
  const expected = set.readings + set.positions;
  const count = () =>
    scalar(dbUrl, 'SELECT (SELECT count(*) FROM readings) + (SELECT count(*) FROM unit_positions)');
  let peak = 0;
  const rssTimer = setInterval(() => (peak = Math.max(peak, peakRss(server.pid!))), 200);

  const t0 = performance.now();
  let next = 0;
  const window = qos === 0 ? 1 : 1000;
  await Promise.all(
    publishers.map(async (p) => {
      const inflight = new Set<Promise<unknown>>();
      while (next < set.msgs.length) {
        const m = set.msgs[next++];
        if (qos === 0) {
          // QoS 0 has no ack: respect the socket's backpressure instead
          if (!p.publish(m.topic, m.payload, { qos: 0 }).stream.writableNeedDrain) continue;
          await new Promise((r) => p.stream.once('drain', r));
        } else {
          const pr = p.publishAsync(m.topic, m.payload, { qos: 1 }).finally(() => inflight.delete(pr));
          inflight.add(pr);
          if (inflight.size >= window) await Promise.race(inflight);
        }
      }
      await Promise.all(inflight);
    }),
  );
  const published = performance.now();
  // Wait for the last row; a count that stops moving for 10 s means the rest was lost.
  let last = -1;
  let stableSince = performance.now();
  let n = 0;
  let committedAt = performance.now();
  for (;;) {
    n = await count();
    if (n !== last) {
      last = n;
      stableSince = performance.now();
      committedAt = performance.now();
    }
    if (n >= expected || performance.now() - stableSince > 10_000) break;
    await sleep(50);
  }
  clearInterval(rssTimer);
  peak = Math.max(peak, peakRss(server.pid!));
  const login = (await (
    await fetch(`${api}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
    })
  ).json()) as { accessToken: string };
  const stats = (await (
    await fetch(`${api}/api/ingest/stats`, { headers: { authorization: `Bearer ${login.accessToken}` } })
  ).json()) as {
    received: number;
    latencyMs: { p50: number; p99: number; max: number };
  };
  await Promise.all(publishers.map((p) => p.endAsync()));
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const forget = await mqtt.connectAsync(brokerUrl, { clientId: `ioc-bench-${run}-q${qos}`, clean: true });
  await forget.endAsync();
  const seconds = (committedAt - t0) / 1000;
  return {
    qos,
    messages: set.msgs.length,
    expectedRows: expected,
    committedRows: n,
    lostRows: Math.max(0, expected - n),
    // redeliveries the broker made (unique keys keep them out of the tables)
    duplicatesReceived: Math.max(0, stats.received - set.msgs.length),
    duplicatedRows: 0,
    publishSeconds: (published - t0) / 1000,
    seconds,
    msgPerS: Math.round((set.msgs.length * (n / expected)) / seconds),
    rowsPerS: Math.round(n / seconds),
    latencyMs: stats.latencyMs,
    peakRssMb: Math.round(peak / 1048576),
  };
}

async function main() {
  const admin = process.env.DATABASE_URL;
  const brokerUrl = process.env.MQTT_URL;
  if (!admin || !brokerUrl)
    throw new Error('DATABASE_URL and MQTT_URL are required (tools/bench.mjs provides them)');
  const dbName = `bench_${run}`;
  await adminQuery(admin, `CREATE DATABASE ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  try {
    const mdb = new Database(dbUrl, 1);
    const { timescale } = await migrate(mdb, join(root, 'apps/server/migrations'));
    await mdb.close();
    const pgVersion = await scalar(dbUrl, `SELECT current_setting('server_version_num')::int`);
    console.error(`[bench ingest] writer vs COPY (${WRITER_ROWS} rows)…`);
    const writer = await writerVsCopy(dbUrl);
    console.error(`[bench ingest] building ${N} mixed messages…`);
    const set = buildMessages(N);
    console.error('[bench ingest] end to end, QoS 0…');
    const q0 = await endToEnd(dbUrl, brokerUrl, 0, set);
    console.error('[bench ingest] end to end, QoS 1…');
    const q1 = await endToEnd(dbUrl, brokerUrl, 1, set);
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
      writer,
      endToEnd: [q0, q1],
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
