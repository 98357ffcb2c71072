import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { COPY_READINGS, readingCopyLine, type StoredReading } from '../src/readings/readings.repository';

/** The fastest way PostgreSQL takes rows: one COPY stream, the baseline the writer is compared with. */
export async function copyReadings(url: string, rows: StoredReading[]): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const stream = c.query(copyFrom(COPY_READINGS));
    async function* lines() {
      let chunk = '';
      for (const r of rows) {
        chunk += readingCopyLine(r, r.receivedAt);
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    await pipeline(Readable.from(lines()), stream);
  } finally {
    await c.end();
  }
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function scalar(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(sql, params);
    return Number(Object.values(r.rows[0])[0]);
  } finally {
    await c.end();
  }
}
