import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { Database } from '../db/database.pool';
import type { DeadLettersTable } from '../db/database.schema';
import { timestamptz } from '../db/query.helpers';

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

/** A dead letter as GET /api/dead-letters lists it: a base64 preview instead of the payload. */
export type DeadLetterListItem = Pick<
  Selectable<DeadLettersTable>,
  'id' | 'topic' | 'adapter' | 'reason' | 'payloadSize'
> & { time: string; payloadPreview: string };

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
    // Raw SQL: the ingest's batch writer (unnest arrays, the redelivery check set-based in the same statement).
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
  }): Promise<DeadLetterListItem[]> {
    let q = this.db.kysely
      .selectFrom('dead_letters')
      .select((eb) => [
        'id',
        'time',
        'topic',
        'adapter',
        'reason',
        'payloadSize',
        eb.fn<Buffer>('substring', ['payload', eb.val(1), eb.val(512)]).as('preview'),
      ])
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit);
    if (f.topic !== undefined) q = q.where('topic', '=', f.topic);
    if (f.adapter !== undefined) q = q.where('adapter', '=', f.adapter);
    if (f.from !== undefined) q = q.where('time', '>=', timestamptz(f.from));
    if (f.to !== undefined) q = q.where('time', '<', timestamptz(f.to));
    if (f.q !== undefined) q = q.where('reason', 'ilike', `%${f.q}%`);
    const rows = await q.execute();
    return rows.map(({ preview, ...r }) => ({
      ...r,
      time: r.time.toISOString(),
      payloadPreview: preview.toString('base64'),
    }));
  }

  async count(): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('dead_letters')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
