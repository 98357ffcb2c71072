import { join } from 'node:path';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import { createTestDatabase } from './support/test-db';

/**
 * The Kysely foundation: `Database.tx` hands out a Kysely bound to the transaction's own connection (so
 * typed statements and raw `client.query` calls such as the outbox append commit or roll back together),
 * and the camel-case mapping stops at column names (jsonb values keep their keys).
 */
describe('Database: Kysely over the pool', () => {
  let tdb: { url: string; drop: () => Promise<void> };
  let db: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = new Database(tdb.url, 4);
    await migrate(db, join(__dirname, '../migrations'));
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  const rule = (subject: string) =>
    db.kysely
      .selectFrom('rule_state')
      .select(['subject', 'state', 'updatedAt'])
      .where('ruleId', '=', 'k')
      .where('subject', '=', subject)
      .executeTakeFirst();

  it('runs Kysely and raw statements of one tx on one connection, committed together', async () => {
    const pids = await db.tx(async (client, k) => {
      await k
        .insertInto('rule_state')
        .values({ ruleId: 'k', subject: 'commit', state: JSON.stringify({ snake_key: [{ inner_key: 1 }] }) })
        .execute();
      // the raw client sees the uncommitted row: same transaction
      const raw = await client.query('SELECT count(*)::int AS n FROM rule_state WHERE subject = $1', [
        'commit',
      ]);
      const viaK = await k
        .selectNoFrom((eb) => eb.fn<number>('pg_backend_pid').as('pid'))
        .executeTakeFirstOrThrow();
      const viaRaw = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(raw.rows[0].n).toBe(1);
      return [viaK.pid, viaRaw.rows[0].pid];
    });
    expect(pids[0]).toBe(pids[1]);
    const row = await rule('commit');
    expect(row?.state).toEqual({ snake_key: [{ inner_key: 1 }] });
    expect(row?.updatedAt).toBeInstanceOf(Date);
  });

  it('rolls back the Kysely statements with the raw ones when the tx fails', async () => {
    await expect(
      db.tx(async (client, k) => {
        await k.insertInto('rule_state').values({ ruleId: 'k', subject: 'rollback', state: '{}' }).execute();
        await client.query(
          `INSERT INTO rule_state (rule_id, subject, state) VALUES ('k', 'rollback-raw', '{}')`,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await rule('rollback')).toBeUndefined();
    expect(await rule('rollback-raw')).toBeUndefined();
    // the connection went back to the pool (Kysely's no-op release did not keep or end it)
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
  });
});
