// Raw SQL on purpose (no Kysely): the outbox append (advisory lock, unnest, NOTIFY) and its seq tail.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { LIVE_EVENTS_CHANNEL, type LiveEvent, type LiveEventInput } from '@ioc/contracts/live-event.schema';
import { Database } from '../db/database.pool';

/** Transaction-scoped advisory lock serialising outbox appends (see appendLiveEvents). */
const LIVE_APPEND_LOCK = 7243502;

/**
 * Appends live events inside the caller's transaction and wakes listeners (NOTIFY is delivered at
 * commit). Call it as the last statement before COMMIT: the lock it takes is held until then, so
 * transactions commit in seq order and a reader tailing `seq > last` never skips a row that commits late.
 */
export async function appendLiveEvents(client: PoolClient, events: readonly LiveEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await client.query('SELECT pg_advisory_xact_lock($1)', [LIVE_APPEND_LOCK]);
  await client.query(
    `WITH ins AS (
       INSERT INTO live_events (kind, entity_id, op, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])
       RETURNING seq)
     SELECT pg_notify($5, max(seq)::text) FROM ins`,
    [
      events.map((e) => e.kind),
      events.map((e) => e.entityId),
      events.map((e) => e.op),
      events.map((e) => JSON.stringify(e.payload)),
      LIVE_EVENTS_CHANNEL,
    ],
  );
}

/** Reads the outbox by seq (the live role's tail, and tests). */
@Injectable()
export class LiveEventsRepository {
  constructor(private readonly db: Database) {}

  async since(seq: number, limit = 1000): Promise<LiveEvent[]> {
    const rows = await this.db.query<{
      seq: string;
      time: Date;
      kind: LiveEvent['kind'];
      entity_id: string;
      op: string;
      payload: unknown;
    }>(
      `SELECT seq, time, kind, entity_id, op, payload FROM live_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [seq, limit],
    );
    return rows.map(
      (r) =>
        ({
          seq: Number(r.seq),
          time: r.time.toISOString(),
          kind: r.kind,
          entityId: r.entity_id,
          op: r.op,
          payload: r.payload,
        }) as LiveEvent,
    );
  }

  async lastSeq(): Promise<number> {
    const rows = await this.db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM live_events');
    return Number(rows[0]?.seq ?? 0);
  }
}
