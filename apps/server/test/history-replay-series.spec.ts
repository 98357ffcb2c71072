import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { ReplayState } from '@ioc/contracts/history.schema';
import { Database } from '../src/db/database.pool';
import { migrate, migrationFiles } from '../src/db/migrations.runner';
import { ReplayRepository } from '../src/history/replay.repository';
import { ReadingsRepository, type StoredReading } from '../src/readings/readings.repository';
import { sensorsBefore020 } from '../bench/replay-baseline.repository';
import { senml } from './support/feed-payloads';
import { createTestDatabase, mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// The reading_series registry (020_reading_series.sql) replay enumerates the series from: kept by the
// ingest, back-filled by its migration, and giving the same replay state as the query that enumerated the
// series from readings itself.
jest.setTimeout(120_000);

const MIGRATIONS = join(__dirname, '../migrations');
const HOUR = 3_600_000;

/** The replay sensor query before the registry (the bench's baseline), on plain PostgreSQL. */
const sensorsFromReadings = (db: Database, at: string, lookbackS: number) =>
  sensorsBefore020(db, at, lookbackS, false);

/**
 * Irregular readings of 5 devices over 3 days from t0: series that stop, start late or are sparse, null
 * values (text readings) among the numbers, one reading exactly on a whole hour.
 */
function readings(t0: number): StoredReading[] {
  const rows: StoredReading[] = [];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let d = 0; d < 5; d++)
    for (const metric of ['pm25', 'temperature', 'status']) {
      const from = d === 1 ? 36 * HOUR : 0;
      const to = d === 2 ? 20 * HOUR : 72 * HOUR;
      const step = (d === 3 ? 7 : 0.4) * HOUR;
      for (let t = from; t < to; t += step * (0.5 + rnd())) {
        const text = metric === 'status' || rnd() < 0.1;
        rows.push({
          time: new Date(t0 + Math.round(t)).toISOString(),
          deviceId: `rs-${d}`,
          metric,
          value: text ? null : Math.round(rnd() * 1000) / 10,
          valueText: text ? 'ok' : null,
          unit: metric === 'temperature' ? 'Cel' : null,
          source: 'senml',
          receivedAt: new Date(t0).toISOString(),
        });
      }
    }
  rows.push({ ...rows[0], time: new Date(t0 + 50 * HOUR).toISOString(), value: 1 });
  return rows;
}

/** Replay at many instants and lookbacks, inside, across and outside the data. */
async function expectSameReplay(db: Database, t0: number): Promise<void> {
  const replay = new ReplayRepository(db);
  let compared = 0;
  let nonEmpty = 0;
  for (let h = -2; h <= 78; h += 1.75)
    for (const lookbackS of [600, 3600, 6 * 3600, 86_400]) {
      const at = new Date(t0 + h * HOUR).toISOString();
      const got = await replay.sensors(at, lookbackS);
      expect({ at, lookbackS, got }).toEqual({
        at,
        lookbackS,
        got: await sensorsFromReadings(db, at, lookbackS),
      });
      compared++;
      if (got.length) nonEmpty++;
    }
  // also on a whole hour and at a reading's own time (the window is (at − lookback, at])
  for (const at of [new Date(t0 + 50 * HOUR).toISOString(), new Date(t0 + 24 * HOUR).toISOString()])
    expect(await replay.sensors(at, 3600)).toEqual(await sensorsFromReadings(db, at, 3600));
  expect(compared).toBeGreaterThan(150);
  expect(nonEmpty).toBeGreaterThan(100);
}

describe('reading_series on a database of its own', () => {
  let tdb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  const t0 = Date.UTC(2026, 5, 1, 0, 17, 3);

  beforeEach(async () => {
    tdb = await createTestDatabase();
    db = new Database(tdb.url, 4);
  });
  afterEach(async () => {
    await db?.close();
    await tdb?.drop();
  });

  it('written as the ingest does, gives the same replay state as enumerating readings', async () => {
    await migrate(db, MIGRATIONS);
    const repo = new ReadingsRepository(db);
    const rows = readings(t0);
    // in ingest-sized batches, out of time order between batches (late data widens first_time)
    const batches: StoredReading[][] = [];
    for (let i = 0; i < rows.length; i += 37) batches.push(rows.slice(i, i + 37));
    for (const b of batches.reverse()) {
      await repo.touchSeries(b);
      await repo.insert(b);
    }
    const reg = await db.query<{ device_id: string; metric: string; first_time: Date; last_time: Date }>(
      'SELECT * FROM reading_series ORDER BY device_id, metric',
    );
    const bounds = await db.query<{ device_id: string; metric: string; min: Date; max: Date }>(
      'SELECT device_id, metric, min(time), max(time) FROM readings GROUP BY 1, 2 ORDER BY 1, 2',
    );
    expect(reg.map((r) => `${r.device_id}/${r.metric}`)).toEqual(
      bounds.map((b) => `${b.device_id}/${b.metric}`),
    );
    for (const [i, b] of bounds.entries()) {
      // covering, and no wider than the whole hours around the data
      expect(reg[i].first_time.getTime()).toBe(Math.floor(b.min.getTime() / HOUR) * HOUR);
      expect(reg[i].last_time.getTime()).toBe(Math.floor(b.max.getTime() / HOUR) * HOUR + HOUR);
    }
    await expectSameReplay(db, t0);
  });

  it('is back-filled from the readings stored before its migration', async () => {
    const before = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      for (const f of migrationFiles(MIGRATIONS).filter((f) => Number(f.split('_')[0]) < 20))
        copyFileSync(join(MIGRATIONS, f), join(before, f));
      await migrate(db, before);
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
    await new ReadingsRepository(db).insert(readings(t0));
    const { applied } = await migrate(db, MIGRATIONS);
    expect(applied).toContain('020_reading_series.sql');
    expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM reading_series'))[0].n)).toBe(15);
    await expectSameReplay(db, t0);
  });
});

describe('reading_series kept by the ingest', () => {
  const run = Date.now().toString(36);
  const DEV = `rs-ingest-${run}`;
  let server: TestServer;
  let pub: MqttClient;

  beforeAll(async () => {
    server = await startTestServer();
    pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-rs-${run}` });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await server?.close();
  });

  const series = () =>
    sql<{ metric: string; first_time: Date; last_time: Date }>(
      server.databaseUrl,
      'SELECT metric, first_time, last_time FROM reading_series WHERE device_id = $1 ORDER BY metric',
      [DEV],
    );
  const stored = (n: number) =>
    waitFor(
      async () =>
        Number(
          (
            await sql<{ n: string }>(
              server.databaseUrl,
              'SELECT count(*) AS n FROM readings WHERE device_id = $1',
              [DEV],
            )
          )[0].n,
        ) === n,
      15_000,
      `${n} readings`,
    );

  it('lists a new device metric and widens its bounds to late data; replay finds the late value', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    await pub.publishAsync(
      `ioc/senml/${DEV}`,
      senml(DEV, [
        ['pm25', 'ug/m3', 12, now - 60_000],
        ['temperature', 'Cel', 29, now - 30_000],
      ]),
      { qos: 1 },
    );
    await stored(2);
    const h = (t: number) => Math.floor(t / HOUR) * HOUR;
    expect((await series()).map((s) => [s.metric, s.first_time.getTime(), s.last_time.getTime()])).toEqual([
      ['pm25', h(now - 60_000), h(now - 60_000) + HOUR],
      ['temperature', h(now - 30_000), h(now - 30_000) + HOUR],
    ]);

    // a reading from 5 hours ago arrives late (a device back online flushing its buffer)
    const late = now - 5 * HOUR;
    await pub.publishAsync(`ioc/senml/${DEV}`, senml(DEV, [['pm25', 'ug/m3', 41, late]]), { qos: 1 });
    await stored(3);
    const pm25 = (await series()).find((s) => s.metric === 'pm25')!;
    expect([pm25.first_time.getTime(), pm25.last_time.getTime()]).toEqual([h(late), h(now - 60_000) + HOUR]);

    const op = await server.as('operator');
    const at = new Date(late + 60_000).toISOString();
    const r = await op.get(`/api/replay/state?at=${encodeURIComponent(at)}&lookback=1h`);
    expect(r.status).toBe(200);
    expect((r.body as ReplayState).sensors.find((s) => s.deviceId === DEV)).toEqual({
      deviceId: DEV,
      metrics: { pm25: { value: 41, unit: 'ug/m3', time: new Date(late).toISOString() } },
    });
  });
});
