import { join } from 'node:path';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { BatchWriter } from '../src/ingest/batch.writer';
import { ReadingsRepository, type StoredReading } from '../src/readings/readings.repository';
import { createTestDatabase, sql } from './support/test-db';

// The readings writer COPYs and falls back to INSERT … ON CONFLICT: what it stores must be exactly what
// the adapters produced, whichever path took it, and a redelivery must never become a duplicate or an error.
jest.setTimeout(60_000);

let db: Database;
let repo: ReadingsRepository;
let drop: () => Promise<void>;
let url: string;

const base = Date.now() - 3_600_000;
const reading = (i: number, over: Partial<StoredReading> = {}): StoredReading => ({
  time: new Date(base + i * 1000).toISOString(),
  deviceId: 'w-1',
  metric: 'pm25',
  value: i,
  valueText: null,
  unit: 'ug/m3',
  source: 'senml',
  receivedAt: new Date().toISOString(),
  ...over,
});
const count = async () =>
  Number((await sql<{ n: string }>(url, 'SELECT count(*)::text AS n FROM readings'))[0].n);

beforeAll(async () => {
  ({ url, drop } = await createTestDatabase());
  db = new Database(url, 4);
  await migrate(db, join(__dirname, '../migrations'));
  repo = new ReadingsRepository(db);
});

afterAll(async () => {
  await db?.close();
  await drop?.();
});

beforeEach(async () => {
  await sql(url, 'TRUNCATE readings');
});

describe('readings writer (COPY with an idempotent fallback)', () => {
  it('stores text with tabs, newlines, backslashes and non-ASCII exactly, and nulls as NULL', async () => {
    const awkward = ['tab\there', 'line\nbreak', 'back\\slash \\N', 'cr\rlf', 'Nhiệt độ — 30 °C', '\\'];
    const rows = awkward.map((t, i) =>
      reading(i, { valueText: t, value: null, deviceId: `dev\t${i}\\`, unit: i % 2 ? null : 'µg/m³' }),
    );
    expect(await repo.insert(rows)).toBe(rows.length);
    const stored = await sql<{
      device_id: string;
      value_text: string;
      value: number | null;
      unit: string | null;
    }>(url, 'SELECT device_id, value_text, value, unit FROM readings ORDER BY time');
    expect(stored).toEqual(
      rows.map((r) => ({ device_id: r.deviceId, value_text: r.valueText, value: null, unit: r.unit })),
    );
  });

  it('keeps floats exact (no rounding through text)', async () => {
    const values = [0.1 + 0.2, 0, 1e-300, 1.7976931348623157e308, 123456789.12345679, -42.5];
    await repo.insert(values.map((v, i) => reading(i, { value: v })));
    const stored = await sql<{ value: number }>(url, 'SELECT value FROM readings ORDER BY time');
    expect(stored.map((r) => r.value)).toEqual(values);
  });

  it('a redelivered batch adds nothing and raises nothing; a mixed batch adds only the new rows', async () => {
    const first = Array.from({ length: 50 }, (_, i) => reading(i));
    expect(await repo.insert(first)).toBe(50);
    expect(await repo.insert(first)).toBe(0);
    const mixed = Array.from({ length: 80 }, (_, i) => reading(i + 20));
    expect(await repo.insert(mixed)).toBe(50);
    // the same message twice inside one batch (redelivered while the first was still queued)
    const twice = [reading(500), reading(501), reading(500)];
    expect(await repo.insert(twice)).toBe(2);
    expect(await count()).toBe(102);
    const dup = await sql<{ n: string }>(
      url,
      'SELECT count(*)::text AS n FROM (SELECT 1 FROM readings GROUP BY device_id, metric, time HAVING count(*) > 1) d',
    );
    expect(dup[0].n).toBe('0');
  });

  it('after the conflict back-off new batches are COPYed again and still land', async () => {
    await repo.insert([reading(1)]);
    await repo.insert([reading(1), reading(2)]); // conflict: the next batches use the fallback for a while
    (repo as unknown as { conflictUntil: number }).conflictUntil = 0;
    expect(await repo.insert([reading(3), reading(4)])).toBe(2);
    expect(await count()).toBe(4);
  });

  it('a row the database refuses is isolated by the batch writer; the rest of the batch is stored', async () => {
    const poisoned: StoredReading[] = [];
    const writer = new BatchWriter<StoredReading>({
      name: 'readings-test',
      maxBatch: 100,
      maxAgeMs: 5,
      write: async (rows) => void (await repo.insert(rows)),
      onPoison: (row, _e, committed) => {
        poisoned.push(row);
        committed();
      },
    });
    const rows = Array.from({ length: 40 }, (_, i) => reading(i));
    // a NUL byte: PostgreSQL text cannot hold it, on either path
    rows[17] = reading(17, { valueText: 'bad\u0000text', value: null });
    let committed = 0;
    for (const r of rows) writer.push(r, () => committed++);
    await writer.flush();
    expect(committed).toBe(40);
    expect(poisoned.map((r) => r.time)).toEqual([rows[17].time]);
    expect(await count()).toBe(39);
  });

  it('returns the connection to the pool after a refused COPY (no leak under repeated conflicts)', async () => {
    const rows = [reading(1)];
    await repo.insert(rows);
    for (let i = 0; i < 30; i++) {
      (repo as unknown as { conflictUntil: number }).conflictUntil = 0;
      expect(await repo.insert(rows)).toBe(0);
    }
    expect(db.pool.totalCount).toBeLessThanOrEqual(4);
    expect(db.pool.waitingCount).toBe(0);
    expect(await repo.insert([reading(2)])).toBe(1);
  });
});
