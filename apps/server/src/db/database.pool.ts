import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { DB } from './database.schema';

/**
 * snake_case columns ⇄ camelCase fields. Nested objects (jsonb values) keep their keys: they are data,
 * not columns.
 */
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/**
 * A Kysely over one checked-out client: its statements run on that connection, so inside `tx` they share
 * the transaction with raw `client.query` calls (the outbox append, advisory locks). Releasing is the
 * owner's job, hence the no-op.
 */
function kyselyOn(client: PoolClient): Kysely<DB> {
  const conn: PostgresPoolClient = { query: client.query.bind(client), release: () => undefined };
  const pool: PostgresPool = { connect: async () => conn, end: async () => undefined };
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins,
  });
}

/**
 * Owns the connection pool. Everything that talks SQL goes through a repository holding this,
 * with parameterised statements only: `kysely` (typed, for CRUD-shaped tables, see database.schema.ts)
 * or `query` (hand-tuned SQL), both over the same pool.
 */
export class Database {
  readonly pool: Pool;
  readonly kysely: Kysely<DB>;
  private healthy = true;

  constructor(
    readonly url: string,
    max = 10,
  ) {
    this.pool = new Pool({ connectionString: url, max, application_name: 'ioc-server' });
    // An idle client losing its connection (database restart) must not crash the process.
    this.pool.on('error', () => {
      this.healthy = false;
    });
    this.kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: this.pool }), plugins });
  }

  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const res = await this.pool.query<R>(sql, params);
    return res.rows;
  }

  /**
   * One transaction on one connection. `fn` gets the raw client and a Kysely bound to it: both run in
   * this transaction.
   */
  async tx<T>(fn: (client: PoolClient, k: Kysely<DB>) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client, kyselyOn(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      this.healthy = true;
    } catch {
      this.healthy = false;
    }
    return this.healthy;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
