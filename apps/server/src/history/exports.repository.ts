import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';
import type { ReadingRow } from '../readings/readings.repository';

/** `time` is ISO-8601 UTC text, formatted by the database (no Date per row). */
export type ReadingCsvRow = ReadingRow<string>;

/**
 * Large reads for exports through a server-side cursor: the server holds one batch at a time, so a month
 * of readings streams in constant memory (the caller awaits each batch's write before fetching the next).
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly db: Database) {}

  async *readings(
    q: { from: string; to: string; devices: string[] | null; metrics: string[] | null },
    batch = 2000,
  ): AsyncGenerator<ReadingCsvRow[]> {
    const client = await this.db.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(
        `DECLARE readings_export NO SCROLL CURSOR FOR
         SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, device_id, metric, value, value_text, unit, source FROM readings
          WHERE time >= $1 AND time < $2
            AND ($3::text[] IS NULL OR device_id = ANY($3)) AND ($4::text[] IS NULL OR metric = ANY($4))
          ORDER BY time, device_id, metric`,
        [q.from, q.to, q.devices, q.metrics],
      );
      for (;;) {
        const res = await client.query<ReadingCsvRow>(`FETCH ${Math.trunc(batch)} FROM readings_export`);
        if (res.rows.length === 0) break;
        yield res.rows;
      }
    } finally {
      // read-only: ending with ROLLBACK also covers an abandoned download (generator returned early)
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
}
