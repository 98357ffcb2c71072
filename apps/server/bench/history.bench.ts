import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '../src/app/repo-root.util';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { ReplayRepository } from '../src/history/replay.repository';
import { ReadingsRepository } from '../src/readings/readings.repository';
import { TimelineRepository, type TimelineFilter } from '../src/history/timeline.repository';
import { TIMELINE_TYPES } from '@ioc/contracts/history.schema';
import { adminQuery, scalar } from './copy-baseline.repository';
import { sensorsBefore020 } from './replay-baseline.repository';
import { settleTimescale } from './timescale-state.repository';

/**
 * `npm run bench -- history`: seeds 10 M readings and 100 k history events with generate_series (keys
 * dropped during the load and rebuilt after, as a bulk restore would), then times the history queries
 * over random windows: a timeline page, histograms, the replay state. Baselines in the same run: a
 * primary-key lookup (the floor of any query) and the timeline page without the time indexes of 011/013.
 * The readings end now, so on TimescaleDB the store can then be put in its production state (rollups
 * materialised up to their policies' end offsets, a real-time tail, old chunks compressed: see
 * timescale-state.repository.ts) instead of being timed as a bulk load nobody has refreshed.
 * Timed at the repository (SQL + row mapping), without HTTP. Env: DATABASE_URL (admin), BENCH_OUT,
 * BENCH_READINGS (default 10,000,000), BENCH_ROUNDS (default 200).
 */
const root = findRepoRoot(__dirname);
const READINGS = Number(process.env.BENCH_READINGS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const SERIES = 500; // 250 devices × pm25/pm10
const STEP_S = 120;
const POINTS = Math.ceil(READINGS / SERIES);
const SPAN_MS = POINTS * STEP_S * 1000;
// the last reading is a step before now (on a minute boundary): recent data is what stays uncompressed
const T0 = Math.floor((Date.now() - SPAN_MS) / 60_000) * 60_000;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
}
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100), n: xs.length });

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

// deterministic random windows
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const randomTime = (marginMs: number) => T0 + marginMs + rnd() * (SPAN_MS - 2 * marginMs);

async function seed10m(db: Database, url: string): Promise<{ readingsS: number; eventsS: number }> {
  const t = Date.now();
  const readings = new ReadingsRepository(db);
  const series = Array.from({ length: SERIES }, (_, i) => ({
    deviceId: `b-${String(1 + (i >> 1)).padStart(4, '0')}`,
    metric: i % 2 ? 'pm25' : 'pm10',
  }));
  // a bulk load: the unique key is rebuilt by one sort afterwards instead of 10 M index insertions
  await adminQuery(url, 'ALTER TABLE readings DROP CONSTRAINT readings_device_metric_time_key');
  const chunk = 2_000;
  for (let p0 = 0; p0 < POINTS; p0 += chunk) {
    const p1 = Math.min(POINTS, p0 + chunk) - 1;
    // the series registry (020_reading_series.sql) through the ingest's own writer, as for live batches
    await readings.touchSeries(
      [p0, p1].flatMap((p) =>
        series.map((s) => ({ ...s, time: new Date(T0 + p * STEP_S * 1000).toISOString() })),
      ),
    );
    await db.query(
      `INSERT INTO readings (time, device_id, metric, value, unit, source, received_at)
       SELECT $1::timestamptz + make_interval(secs => p * $2), 'b-' || lpad(d::text, 4, '0'), m,
              10 + (d * 7 + p) % 90, 'ug/m3', 'senml', now()
         FROM generate_series($3::int, $4::int) p, generate_series(1, $5::int) d, unnest(ARRAY['pm10', 'pm25']) m`,
      [new Date(T0).toISOString(), STEP_S, p0, p1, SERIES / 2],
    );
  }
  await adminQuery(
    url,
    'ALTER TABLE readings ADD CONSTRAINT readings_device_metric_time_key UNIQUE (device_id, metric, time)',
  );
  const readingsS = (Date.now() - t) / 1000;
  const t2 = Date.now();
  const span = SPAN_MS / 1000;
  await adminQuery(
    url,
    `INSERT INTO devices (id, name, kind, ward, lat, lon, source)
       SELECT 'b-' || lpad(d::text, 4, '0'), 'Trạm ' || d, 'air_quality', 'w' || (d % 14), 10.9 + d / 5000.0,
              108.0 + d / 5000.0, 'senml' FROM generate_series(1, 250) d;
     INSERT INTO units (id, name, type, status)
       SELECT 'u-' || u, 'Unit ' || u, 'police', 'available' FROM generate_series(1, 30) u;
     ALTER TABLE incidents DISABLE TRIGGER incident_history_track;
     -- 10,000 incidents, each opened, acknowledged, dispatched, resolved, closed (5 audit rows: 50,000)
     INSERT INTO incidents (id, key, status, category, severity, title, source, opened_at, updated_at, last_signal_at,
                            ward, lat, lon, search_text)
       SELECT 'INC-' || i, 'k' || i, 'closed', (ARRAY['fire','flood','traffic','security'])[1 + i % 4],
              (ARRAY['Severe','Moderate','Minor'])[1 + i % 3], 'Sự cố ' || i, 'bench',
              to_timestamp(${T0 / 1000} + (i * 7919 % 10000) * ${span / 10000}),
              to_timestamp(${T0 / 1000} + (i * 7919 % 10000) * ${span / 10000}) + interval '2 hours',
              to_timestamp(${T0 / 1000} + (i * 7919 % 10000) * ${span / 10000}), 'w' || (i % 14), 10.9, 108.1,
              'su co ' || i
         FROM generate_series(1, 10000) i;
     INSERT INTO incident_events (time, incident_id, actor, action, from_status, to_status)
       SELECT i.opened_at + s.off, i.id, 'bench', s.action, s.f, s.t
         FROM incidents i, (VALUES (interval '0', 'open', NULL, 'new'), (interval '5 min', 'ack', 'new', 'acknowledged'),
                                   (interval '20 min', 'dispatch', 'acknowledged', 'dispatched'),
                                   (interval '90 min', 'resolve', 'dispatched', 'resolved'),
                                   (interval '2 hours', 'close', 'resolved', 'closed')) s(off, action, f, t);
     INSERT INTO incident_history (incident_id, version, valid_from, valid_to, status, severity)
       SELECT e.incident_id, row_number() OVER (PARTITION BY e.incident_id ORDER BY e.time), e.time,
              lead(e.time) OVER (PARTITION BY e.incident_id ORDER BY e.time), e.to_status, i.severity
         FROM incident_events e JOIN incidents i ON i.id = e.incident_id;
     ALTER TABLE incidents ENABLE TRIGGER incident_history_track;
     -- 5,000 threshold crossings, 25,000 camera events, 15,000 device transitions, 5,000 unit changes
     INSERT INTO incident_evidence (incident_id, time, added_at, kind, ref, rule_id, category, severity, title, matched_by)
       SELECT i.id, i.opened_at, i.opened_at, 'reading', 'b-0001/pm25/' || g, 'pm25', 'air_quality', 'Moderate',
              'PM2.5', 'key'
         FROM generate_series(1, 5000) g JOIN incidents i ON i.id = 'INC-' || (1 + g % 10000);
     INSERT INTO camera_events (id, start_time, camera, frigate_camera, phase, label, end_time, received_at, updated_at)
       SELECT 'ev' || g, to_timestamp(${T0 / 1000} + (g::bigint * 104729 % 25000) * ${span / 25000}), 'cam-' || (g % 40), 'f',
              'end', (ARRAY['person','car','fire'])[1 + g % 3],
              to_timestamp(${T0 / 1000} + (g::bigint * 104729 % 25000) * ${span / 25000}) + interval '90 seconds', now(), now()
         FROM generate_series(1, 25000) g;
     INSERT INTO device_events (time, device_id, kind, reason)
       SELECT to_timestamp(${T0 / 1000} + (g::bigint * 15485863 % 15000) * ${span / 15000}), 'b-' || lpad((1 + g % 250)::text, 4, '0'),
              CASE WHEN g % 2 = 0 THEN 'offline' ELSE 'online' END, 'bench'
         FROM generate_series(1, 15000) g;
     INSERT INTO unit_history (unit_id, valid_from, status, incident_id)
       SELECT 'u-' || (1 + g % 30), to_timestamp(${T0 / 1000} + g * ${span / 5000}),
              (ARRAY['dispatched','en_route','on_scene','available'])[1 + g % 4], NULL
         FROM generate_series(1, 5000) g;
     INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, source, received_at)
       SELECT to_timestamp(${T0 / 1000} + g * 30), 'u-' || (1 + g % 30), 't', 10.9, 108.1, 'owntracks', now()
         FROM generate_series(0, ${Math.floor(span / 30)}) g;
     SELECT 1;`,
  );
  // what autovacuum does after a load: summarise the BRIN ranges (unsummarised ranges are always scanned)
  await adminQuery(url, 'VACUUM ANALYZE');
  return { readingsS, eventsS: (Date.now() - t2) / 1000 };
}

async function main(): Promise<void> {
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('DATABASE_URL is required (tools/bench.mjs provides it)');
  const dbName = `ioc_bench_history_${Date.now().toString(36)}`;
  await adminQuery(admin, `CREATE DATABASE ${dbName}`);
  const u = new URL(admin);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  const db = new Database(url, 4);
  try {
    const loadBefore = loadavg()[0];
    const { timescale } = await migrate(db, join(root, 'apps/server/migrations'));
    const seedTimes = await seed10m(db, url);
    const store = timescale ? await settleTimescale(db, new Date(T0).toISOString()) : null;
    const counts = {
      readings: await scalar(url, 'SELECT count(*) FROM readings'),
      events:
        (await scalar(url, 'SELECT count(*) FROM incident_events')) +
        (await scalar(url, 'SELECT count(*) FROM incident_evidence')) +
        (await scalar(url, 'SELECT count(*) FROM camera_events')) +
        (await scalar(url, 'SELECT count(*) FROM device_events')) +
        (await scalar(url, 'SELECT count(*) FROM unit_history')),
    };
    const timeline = new TimelineRepository(db);
    const replay = new ReplayRepository(db);
    const filter = (fromMs: number, toMs: number, extra: Partial<TimelineFilter> = {}): TimelineFilter => ({
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      types: TIMELINE_TYPES,
      severity: null,
      category: null,
      ward: null,
      bbox: null,
      device: null,
      words: [],
      ...extra,
    });
    const DAY = 86_400_000;
    const run = async (fn: () => Promise<unknown>) => {
      await fn(); // warm
      const xs: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        let inner: unknown;
        const ms = await time(async () => {
          inner = await fn();
        });
        // a query that measures only part of its own work returns {ms}
        xs.push(
          typeof inner === 'object' && inner !== null && 'ms' in inner ? (inner as { ms: number }).ms : ms,
        );
      }
      return stats(xs);
    };
    const page = () => {
      const from = randomTime(7 * DAY);
      return timeline.page(filter(from, from + DAY), null, 100);
    };
    const results = {
      pkLookup: await run(() =>
        db.query('SELECT * FROM incidents WHERE id = $1', [`INC-${1 + Math.floor(rnd() * 10000)}`]),
      ),
      timelinePage: await run(page),
      timelinePageFiltered: await run(() => {
        const from = randomTime(7 * DAY);
        return timeline.page(filter(from, from + 7 * DAY, { category: ['fire'], ward: ['w3'] }), null, 100);
      }),
      timelinePageDeep: await run(async () => {
        // the 5th page: keyset paging costs the same at any depth
        const from = randomTime(7 * DAY);
        let after = null;
        for (let i = 0; i < 4; i++)
          after = (await timeline.page(filter(from, from + 7 * DAY), after, 100)).last;
        const t = process.hrtime.bigint();
        await timeline.page(filter(from, from + 7 * DAY), after, 100);
        return { ms: Number(process.hrtime.bigint() - t) / 1e6 };
      }),
      histogramDay: await run(() => {
        const from = randomTime(DAY);
        return timeline.histogram(filter(from, from + DAY), 900);
      }),
      histogramWeek: await run(() => {
        const from = randomTime(7 * DAY);
        return timeline.histogram(filter(from, from + 7 * DAY), 3600);
      }),
      replayState: await run(() => {
        const at = new Date(randomTime(DAY)).toISOString();
        return Promise.all([
          replay.sensors(at, 86_400),
          replay.incidents(at),
          replay.units(at, 86_400),
          replay.cameraEvents(at, 86_400),
        ]);
      }),
      replaySensorsOnly: await run(() => replay.sensors(new Date(randomTime(DAY)).toISOString(), 86_400)),
      // baseline: the series enumerated from readings (readings_1h on TimescaleDB), as before 020
      replaySensorsBefore020: await run(() =>
        sensorsBefore020(db, new Date(randomTime(DAY)).toISOString(), 86_400, timescale),
      ),
      replayEvents10min: await run(() => {
        const from = randomTime(DAY);
        return replay.changes(new Date(from).toISOString(), new Date(from + 600_000).toISOString(), 10_000);
      }),
    };
    // the registry query answers what the query before 020 answered, on this store and its state
    let sameAsBefore020 = 0;
    for (let i = 0; i < 20; i++) {
      const at = new Date(randomTime(DAY)).toISOString();
      const before = await sensorsBefore020(db, at, 86_400, timescale);
      const now = await replay.sensors(at, 86_400);
      if (JSON.stringify(now) === JSON.stringify(before)) sameAsBefore020++;
    }
    // baseline: the same timeline page without the time indexes of 011_history.sql (and 013's, which it
    // could use instead)
    const idx = [
      'incident_events_hist_time_idx',
      'incident_events_hist_action_idx',
      'camera_events_hist_shown_idx',
      'incident_evidence_hist_time_idx',
      'camera_events_hist_start_idx',
      'device_events_hist_time_idx',
      'unit_history_from_idx',
    ];
    for (const i of idx) await adminQuery(url, `DROP INDEX ${i}`);
    const timelinePageNoIndexes = await run(page);
    const result = {
      postgres: {
        timescale,
        version: await scalar(url, `SELECT current_setting('server_version_num')::int`),
      },
      config: {
        readings: counts.readings,
        events: counts.events,
        series: SERIES,
        days: Math.round(SPAN_MS / DAY),
        rounds: ROUNDS,
      },
      seed: seedTimes,
      store,
      load: { before: loadBefore, after: loadavg()[0] },
      replaySameAsBefore020: `${sameAsBefore020} of 20`,
      results: { ...results, timelinePageNoIndexes },
    };
    console.error(JSON.stringify(result, null, 2));
    const out = process.env.BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await db.close();
    await adminQuery(admin, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
