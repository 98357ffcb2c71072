import type { Database } from '../db/database.repository';

export interface DeadLetter {
  time: string;
  topic: string;
  payload: Buffer;
  payloadSize: number;
  adapter: string | null;
  reason: string;
}

/** Payloads are capped so a flood of 1 MB junk cannot fill the disk; the original size is kept. */
export const DEAD_LETTER_PAYLOAD_CAP = 64 * 1024;

export class DeadLettersRepository {
  constructor(private readonly db: Database) {}

  async insert(rows: DeadLetter[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.pool.query(
      `INSERT INTO dead_letters (time, topic, payload, payload_size, adapter, reason)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::bytea[], $4::int[], $5::text[], $6::text[])`,
      [
        rows.map((r) => r.time),
        rows.map((r) => r.topic),
        rows.map((r) => r.payload.subarray(0, DEAD_LETTER_PAYLOAD_CAP)),
        rows.map((r) => r.payloadSize),
        rows.map((r) => r.adapter),
        rows.map((r) => r.reason.slice(0, 1000)),
      ],
    );
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
    return Number(rows[0].n);
  }
}
