import mqtt from 'mqtt';
import { IngestService } from '../src/ingest/ingest.service';
import { mqttUrl, sql, waitFor } from './support/test-db';
import type { ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

// Runs on plain PostgreSQL and on TimescaleDB; which path is asserted depends on the database under test
// (`DATABASE_URL=postgres://…timescale… npm test` checks the hypertable path).
jest.setTimeout(120_000);

let server: TestServer;
let api: ApiClient;
let available = false;
const dev = `store-${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startTestServer({ RETENTION_DAYS: '400' });
  api = await server.as('operator');
  available =
    (await sql(server.databaseUrl, `SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`))
      .length > 0;
  // Two hours of readings, one a minute: 120 values, so the hourly buckets are known exactly.
  const pub = await mqtt.connectAsync(mqttUrl(), {});
  const base = Date.UTC(2026, 0, 10, 0, 0, 0) / 1000;
  const pack = Array.from({ length: 120 }, (_, i) => ({ t: base + i * 60, n: 'pm25', u: 'ug/m3', v: i }));
  await pub.publishAsync(
    `ioc/senml/${dev}`,
    JSON.stringify([{ bn: `${dev}:`, ...pack[0] }, ...pack.slice(1)]),
    { qos: 1 },
  );
  await pub.endAsync();
  await waitFor(
    async () => {
      const [{ n }] = await sql<{ n: string }>(
        server.databaseUrl,
        'SELECT count(*)::text AS n FROM readings WHERE device_id = $1',
        [dev],
      );
      return n === '120';
    },
    20_000,
    '120 readings',
  );
  await server.app.get(IngestService).drain();
});

afterAll(async () => {
  await server?.close();
});

describe('storage', () => {
  it('detects TimescaleDB once and reports it in /api/health', async () => {
    const health = (await api.get(`/api/health`)).body;
    expect(health.timescale).toBe(available);
    const applied = await sql<{ name: string }>(
      server.databaseUrl,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    const names = applied.map((r) => r.name);
    expect(names).toContain('001_core.sql');
    expect(names.some((n) => n.endsWith('.timescale.sql'))).toBe(available);
  });

  it('makes the time tables hypertables with rollups and policies when TimescaleDB is available', async () => {
    const hyper = available
      ? await sql<{ hypertable_name: string }>(
          server.databaseUrl,
          'SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1',
        )
      : [];
    if (!available) {
      // plain PostgreSQL: same tables, no partitioning, BRIN index on time
      const idx = await sql(
        server.databaseUrl,
        `SELECT 1 FROM pg_indexes WHERE indexname = 'readings_time_brin'`,
      );
      expect(idx).toHaveLength(1);
      return;
    }
    expect(hyper.map((h) => h.hypertable_name)).toEqual([
      'camera_events',
      'dead_letters',
      'incident_events',
      'live_events',
      'readings',
      'unit_positions',
    ]);
    const caggs = await sql<{ view_name: string }>(
      server.databaseUrl,
      'SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1',
    );
    expect(caggs.map((c) => c.view_name)).toEqual(['readings_1h', 'readings_1m']);
    const jobs = await sql<{ proc_name: string; hypertable_name: string; config: Record<string, unknown> }>(
      server.databaseUrl,
      `SELECT proc_name, hypertable_name, config FROM timescaledb_information.jobs WHERE proc_schema = '_timescaledb_functions' OR proc_name LIKE 'policy_%' ORDER BY 1, 2`,
    );
    const kinds = jobs.map((j) => `${j.proc_name}:${j.hypertable_name}`);
    expect(kinds.filter((k) => k.startsWith('policy_refresh_continuous_aggregate'))).toHaveLength(2);
    expect(kinds).toContain('policy_compression:readings');
    for (const t of ['readings', 'camera_events', 'unit_positions', 'dead_letters']) {
      const r = jobs.find((j) => j.proc_name === 'policy_retention' && j.hypertable_name === t);
      expect(r?.config.drop_after).toBe('400 days');
    }
    // the outbox only has to outlive the live feed's replay bound; the audit trail is kept
    const outbox = jobs.find(
      (j) => j.proc_name === 'policy_retention' && j.hypertable_name === 'live_events',
    );
    expect(outbox?.config.drop_after).toBe('7 days');
    expect(
      jobs.find((j) => j.proc_name === 'policy_retention' && j.hypertable_name === 'incident_events'),
    ).toBeUndefined();
    // one segment per series, in time order (021_readings_compression_by_series.timescale.sql)
    const settings = await sql<{
      attname: string;
      segmentby: number | null;
      orderby: number | null;
      asc: boolean;
    }>(
      server.databaseUrl,
      `SELECT attname, segmentby_column_index AS segmentby, orderby_column_index AS orderby, orderby_asc AS asc
         FROM timescaledb_information.compression_settings
        WHERE hypertable_name = 'readings' ORDER BY segmentby_column_index, orderby_column_index`,
    );
    expect(settings).toEqual([
      { attname: 'device_id', segmentby: 1, orderby: null, asc: null },
      { attname: 'metric', segmentby: 2, orderby: null, asc: null },
      { attname: 'time', segmentby: null, orderby: 1, asc: false },
    ]);
  });

  it('answers 1-hour buckets exactly (from readings_1h on TimescaleDB)', async () => {
    if (available) {
      await sql(
        server.databaseUrl,
        `CALL refresh_continuous_aggregate('readings_1h', '2026-01-09', '2026-01-11')`,
      );
    }
    const res = (
      await api.get(
        `/api/devices/${dev}/readings?metric=pm25&from=2026-01-10T00:00:00Z&to=2026-01-10T02:00:00Z&bucket=1h`,
      )
    ).body;
    expect(res.source).toBe(available ? 'readings_1h' : 'readings');
    expect(res.points).toEqual([
      { t: '2026-01-10T00:00:00.000Z', avg: 29.5, min: 0, max: 59, count: 60, last: 59 },
      { t: '2026-01-10T01:00:00.000Z', avg: 89.5, min: 60, max: 119, count: 60, last: 119 },
    ]);
  });

  it('answers raw and minute-bucketed series and rejects bad parameters with the field', async () => {
    const raw = (
      await api.get(
        `/api/devices/${dev}/readings?metric=pm25&from=2026-01-10T00:00:00Z&to=2026-01-10T00:05:00Z`,
      )
    ).body;
    expect(raw.points.map((p: { avg: number }) => p.avg)).toEqual([0, 1, 2, 3, 4]);
    const bad = await api.get(`/api/devices/${dev}/readings?metric=pm25&bucket=fortnight`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('bucket');
  });
});
