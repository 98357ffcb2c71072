import { Pool, type PoolClient, type QueryResultRow } from 'pg';

/**
 * Owns the connection pool. Everything that talks SQL goes through a repository holding this,
 * with parameterised statements only.
 */
export class Database {
  readonly pool: Pool;
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
  }

  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    const res = await this.pool.query<R>(sql, params);
    return res.rows;
  }

  async tx<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
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
