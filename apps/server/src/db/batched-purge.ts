import type { Database } from './database.pool';

/** Audit tables kept for a retention period, with the column their age is read from. */
const AGE_COLUMN = { auth_events: 'time', media_access: 'last_time' } as const;

/**
 * Drops rows older than the retention in batches, so a large backlog never holds one long transaction;
 * returns how many went. Raw SQL: a batched DELETE … RETURNING counted in one statement (identifiers come
 * from the closed table list above, values are parameters).
 */
export async function purgeOlderThan(
  db: Database,
  table: keyof typeof AGE_COLUMN,
  retentionDays: number,
  batch = 10_000,
): Promise<number> {
  const column = AGE_COLUMN[table];
  let total = 0;
  for (;;) {
    const rows = await db.query<{ n: number }>(
      `WITH d AS (
         DELETE FROM ${table} WHERE id IN (
           SELECT id FROM ${table} WHERE ${column} < now() - make_interval(days => $1) LIMIT $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [retentionDays, batch],
    );
    total += rows[0].n;
    if (rows[0].n < batch) return total;
  }
}
