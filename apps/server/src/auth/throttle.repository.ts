// Raw SQL on purpose (no Kysely): advisory locks, count and reserve in one hand-tuned transaction.
import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';

/** The sliding-window tables: failed logins, and per-user actions (reports, comments). */
export type ThrottleTable = 'login_failures' | 'rate_limit_hits' | 'citizen_rate_hits';
const TABLES: Record<ThrottleTable, string> = {
  login_failures: 'login_failures',
  rate_limit_hits: 'rate_limit_hits',
  // the public citizen routes (hour-long windows, pruned by the citizen module)
  citizen_rate_hits: 'citizen_rate_hits',
};

/** One counter to check: at most `limit` rows of `key` within the last `windowS` seconds. */
export interface WindowLimit {
  key: string;
  limit: number;
  windowS: number;
}

export type Reservation =
  { ok: true; ids: Map<string, string> } | { ok: false; key: string; retryAfterS: number };

/**
 * Sliding-window counters shared by every api instance. `reserve` checks and counts in one transaction
 * under an advisory lock per key, so concurrent requests cannot all read "below the limit" before any of
 * them is counted: of N concurrent callers, exactly `limit` get a slot.
 */
@Injectable()
export class ThrottleRepository {
  constructor(private readonly db: Database) {}

  /**
   * Counts one event under every key when each is below its limit; otherwise counts nothing and names the
   * first key (in the order given) that is full, with the seconds until its oldest row leaves the window.
   */
  async reserve(table: ThrottleTable, limits: WindowLimit[]): Promise<Reservation> {
    const t = TABLES[table];
    return this.db.tx(async (c) => {
      // One key at a time in a fixed order: two callers sharing keys cannot deadlock.
      for (const key of [...new Set(limits.map((l) => l.key))].sort())
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      // Counted after the locks, so in READ COMMITTED this sees every earlier holder's commit.
      const counts = await c.query<{ key: string; count: number; retry: number | null }>(
        `SELECT l.key, count(f.key)::int AS count,
                -- capped at the window: rows recorded by a transaction that started after this one's now()
                LEAST(l.window_s, ceil(extract(epoch FROM min(f.time) + make_interval(secs => l.window_s) - now())))::int AS retry
           FROM unnest($1::text[], $2::int[]) AS l(key, window_s)
           LEFT JOIN ${t} f ON f.key = l.key AND f.time > now() - make_interval(secs => l.window_s)
          GROUP BY l.key, l.window_s`,
        [limits.map((l) => l.key), limits.map((l) => l.windowS)],
      );
      const byKey = new Map(counts.rows.map((r) => [r.key, r]));
      for (const l of limits) {
        const r = byKey.get(l.key);
        if (r && r.count >= l.limit) return { ok: false, key: l.key, retryAfterS: Math.max(1, r.retry ?? 1) };
      }
      const ids = await c.query<{ key: string; id: string }>(
        `INSERT INTO ${t} (key) SELECT unnest($1::text[]) RETURNING key, id::text`,
        [[...new Set(limits.map((l) => l.key))]],
      );
      return { ok: true, ids: new Map(ids.rows.map((r) => [r.key, r.id])) };
    });
  }

  /** Hands back one reserved row (a login that succeeded does not count against its address). */
  async release(table: ThrottleTable, key: string, id: string): Promise<void> {
    // by key first: the (key, time) index finds the few rows of that key
    await this.db.query(`DELETE FROM ${TABLES[table]} WHERE key = $1 AND id = $2`, [key, id]);
  }

  /** Forgets every row of the key (a successful login clears its username's counters). */
  async clear(table: ThrottleTable, key: string): Promise<void> {
    await this.db.query(`DELETE FROM ${TABLES[table]} WHERE key = $1`, [key]);
  }

  /** Drops rows older than `keepS` (the longest window that reads the table); returns how many. */
  async prune(table: ThrottleTable, keepS: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `WITH d AS (DELETE FROM ${TABLES[table]} WHERE time < now() - make_interval(secs => $1) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [keepS],
    );
    return rows[0].n;
  }
}
