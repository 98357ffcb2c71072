// Raw SQL on purpose (no Kysely): TimescaleDB policy functions, not table rows.
import type { Database } from './database.pool';

/** Hypertables whose raw rows age out after RETENTION_DAYS (the rollups are kept). */
export const RETAINED_TABLES = ['readings', 'camera_events', 'unit_positions', 'dead_letters'] as const;

/**
 * Retention is configuration, not schema, so it is (re)applied at every start: a changed
 * RETENTION_DAYS replaces the policy instead of needing a migration.
 */
export async function applyRetention(db: Database, days: number): Promise<void> {
  for (const table of RETAINED_TABLES) {
    await db.query('SELECT remove_retention_policy($1::regclass, if_exists => true)', [table]);
    await db.query('SELECT add_retention_policy($1::regclass, drop_after => make_interval(days => $2))', [
      table,
      days,
    ]);
  }
}
