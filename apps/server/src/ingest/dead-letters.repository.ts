import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Database } from '../db/database.pool';

export interface DeadLetter {
  time: string;
  topic: string;
  payload: Buffer;
  payloadSize: number;
  adapter: string | null;
  reason: string;
  /** The broker marked this delivery as a redelivery (MQTT DUP). */
  redelivered?: boolean;
}

// PostgreSQL text cannot hold NUL; topics and reasons come from outside, so replace it.
const clean = (s: string | null) => (s === null ? null : s.split('\u0000').join('\uFFFD'));

/** Payloads are capped so a flood of 1 MB junk cannot fill the disk; the original size is kept. */
export const DEAD_LETTER_PAYLOAD_CAP = 64 * 1024;

@Injectable()
export class DeadLettersRepository {
  constructor(private readonly db: Database) {}

  /**
   * Redeliveries (DUP) of a message already dead-lettered in the last 7 days add nothing — within the
   * batch and against the table — so at-least-once delivery still gives one dead letter per message.
   * First deliveries always insert: a device sending the same junk twice is two events.
   */
  async insert(input: DeadLetter[]): Promise<void> {
    if (input.length === 0) return;
    const hashes = input.map((r) => createHash('sha256').update(r.payload).digest());
    const firsts = new Set(
      input.map((r, i) => (r.redelivered ? '' : `${r.topic}\u0000${hashes[i].toString('hex')}`)),
    );
    const keep = input.map(
      (r, i) => !r.redelivered || !firsts.has(`${r.topic}\u0000${hashes[i].toString('hex')}`),
    );
    const rows = input.filter((_, i) => keep[i]);
    const sha = hashes.filter((_, i) => keep[i]);
    if (rows.length === 0) return;
    await this.db.pool.query(
      `INSERT INTO dead_letters (time, topic, payload, payload_size, adapter, reason, payload_sha256)
       SELECT time, topic, payload, payload_size, adapter, reason, sha
         FROM unnest($1::timestamptz[], $2::text[], $3::bytea[], $4::int[], $5::text[], $6::text[], $7::bytea[], $8::bool[])
           AS t(time, topic, payload, payload_size, adapter, reason, sha, dup)
        WHERE NOT (dup AND EXISTS (SELECT 1 FROM dead_letters d
                                    WHERE d.topic = t.topic AND d.payload_sha256 = t.sha
                                      AND d.time > t.time - interval '7 days'))`,
      [
        rows.map((r) => r.time),
        rows.map((r) => clean(r.topic)),
        rows.map((r) => r.payload.subarray(0, DEAD_LETTER_PAYLOAD_CAP)),
        rows.map((r) => r.payloadSize),
        rows.map((r) => clean(r.adapter)),
        rows.map((r) => clean(r.reason.slice(0, 1000))),
        sha,
        rows.map((r) => !!r.redelivered),
      ],
    );
  }

  async list(f: {
    topic?: string;
    adapter?: string;
    from?: string;
    to?: string;
    q?: string;
    limit: number;
  }): Promise<
    {
      id: string;
      time: string;
      topic: string;
      adapter: string | null;
      reason: string;
      payloadSize: number;
      payloadPreview: string;
    }[]
  > {
    const rows = await this.db.query<{
      id: string;
      time: Date;
      topic: string;
      adapter: string | null;
      reason: string;
      payload_size: number;
      preview: Buffer;
    }>(
      `SELECT id::text, time, topic, adapter, reason, payload_size, substring(payload from 1 for 512) AS preview
         FROM dead_letters
        WHERE ($1::text IS NULL OR topic = $1)
          AND ($2::text IS NULL OR adapter = $2)
          AND ($3::timestamptz IS NULL OR time >= $3)
          AND ($4::timestamptz IS NULL OR time < $4)
          AND ($5::text IS NULL OR reason ILIKE '%' || $5 || '%')
        ORDER BY time DESC, id DESC
        LIMIT $6`,
      [f.topic ?? null, f.adapter ?? null, f.from ?? null, f.to ?? null, f.q ?? null, f.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      time: r.time.toISOString(),
      topic: r.topic,
      adapter: r.adapter,
      reason: r.reason,
      payloadSize: r.payload_size,
      payloadPreview: r.preview.toString('base64'),
    }));
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM dead_letters');
    return Number(rows[0].n);
  }
}
