import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.pool';

export interface MigrationResult {
  applied: string[];
  timescale: boolean;
}

/** `NNN_name.sql` runs everywhere; `NNN_name.timescale.sql` only where TimescaleDB is installable. */
const FILE = /^(\d+)_[a-z0-9_]+(\.timescale)?\.sql$/;
/** Some TimescaleDB statements refuse transaction blocks; such files opt out and run statement by statement. */
const NO_TX = /^--\s*migrate:no-transaction/m;
const LOCK_KEY = 7243501;

export function migrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort((a, b) => Number(FILE.exec(a)![1]) - Number(FILE.exec(b)![1]) || a.localeCompare(b));
}

/**
 * Applies numbered raw SQL migrations in order, each in its own transaction, tracked in
 * schema_migrations. TimescaleDB is detected once, here, from pg_available_extensions.
 */
export async function migrate(db: Database, dir: string): Promise<MigrationResult> {
  const client = await db.pool.connect();
  try {
    // Several instances may boot at once; one migrates, the others wait and then find nothing to do.
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const avail = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
    const timescale = (avail.rowCount ?? 0) > 0;
    if (timescale) await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const f of migrationFiles(dir)) {
      if (done.has(f)) continue;
      if (f.endsWith('.timescale.sql') && !timescale) continue;
      const sql = readFileSync(join(dir, f), 'utf8');
      try {
        if (NO_TX.test(sql)) {
          for (const stmt of sql
            .split(/;\s*$/m)
            .map((s) => s.trim())
            .filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s))) {
            await client.query(stmt);
          }
          await client.query('INSERT INTO schema_migrations(name) VALUES ($1)', [f]);
        } else {
          await client.query('BEGIN');
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations(name) VALUES ($1)', [f]);
          await client.query('COMMIT');
        }
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${f} failed: ${(e as Error).message}`);
      }
      applied.push(f);
    }
    return { applied, timescale };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Whether the timescaledb extension is installed in this database (for /api/health). */
export async function hasTimescale(db: Database): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`);
  return rows.length > 0;
}
