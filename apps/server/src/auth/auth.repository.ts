import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AuthEvent, AuthOutcome } from '@ioc/contracts/auth-event.schema';
import { purgeOlderThan } from '../db/batched-purge';
import { Database } from '../db/database.pool';

const sha256 = (token: string) => createHash('sha256').update(token).digest();

/** What a caller records; id and time come from the database. */
export type AuthEventInput = Pick<AuthEvent, 'username' | 'userId' | 'ip' | 'userAgent' | 'outcome'>;

export type RotateResult =
  { kind: 'ok'; userId: string } | { kind: 'reused'; userId: string } | { kind: 'invalid' };

/** Refresh tokens, the authentication audit and the shared signing secret (counters: throttle.repository). */
@Injectable()
export class AuthRepository {
  constructor(private readonly db: Database) {}

  /** The named secret, generated once by whichever instance asks first (all instances then agree). */
  async secret(name: string): Promise<string> {
    await this.db.kysely
      .insertInto('server_secrets')
      .values({ name, value: randomBytes(48).toString('base64url') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.kysely
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.value;
  }

  /** Issues a new opaque refresh token for the user; only its hash is stored. */
  async issueRefresh(userId: string, ttlS: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.kysely
      .insertInto('refresh_tokens')
      .values({
        userId,
        tokenHash: sha256(token),
        expiresAt: sql<Date>`now() + make_interval(secs => ${ttlS})`,
      })
      .execute();
    return token;
  }

  /**
   * Spends a refresh token (rotation). A token that was already revoked being presented again means it
   * leaked: every refresh token of that user is revoked.
   */
  async spendRefresh(token: string): Promise<RotateResult> {
    return this.db.tx(async (_c, k) => {
      const r = await k
        .selectFrom('refresh_tokens')
        .select((eb) => [
          'userId',
          eb('revokedAt', 'is not', null).as('revoked'),
          eb('expiresAt', '<=', sql<Date>`now()`).as('expired'),
        ])
        .where('tokenHash', '=', sha256(token))
        .forUpdate()
        .executeTakeFirst();
      if (!r || r.expired) return { kind: 'invalid' } as const;
      if (r.revoked) {
        await k
          .updateTable('refresh_tokens')
          .set({ revokedAt: sql<Date>`now()` })
          .where('userId', '=', r.userId)
          .where('revokedAt', 'is', null)
          .execute();
        return { kind: 'reused', userId: r.userId } as const;
      }
      await k
        .updateTable('refresh_tokens')
        .set({ revokedAt: sql<Date>`now()` })
        .where('tokenHash', '=', sha256(token))
        .execute();
      return { kind: 'ok', userId: r.userId } as const;
    });
  }

  /** Revokes one token of the user, or all of them when `token` is undefined. */
  async revoke(userId: string, token?: string): Promise<void> {
    let q = this.db.kysely
      .updateTable('refresh_tokens')
      .set({ revokedAt: sql<Date>`now()` })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null);
    if (token !== undefined) q = q.where('tokenHash', '=', sha256(token));
    await q.execute();
  }

  async recordEvent(e: AuthEventInput): Promise<void> {
    await this.db.kysely
      .insertInto('auth_events')
      .values({
        username: e.username.slice(0, 200),
        userId: e.userId,
        ip: e.ip.slice(0, 100),
        userAgent: e.userAgent?.slice(0, 300) ?? null,
        outcome: e.outcome,
      })
      .execute();
  }

  async events(q: { username?: string; outcome?: AuthOutcome; limit: number }): Promise<AuthEvent[]> {
    let query = this.db.kysely
      .selectFrom('auth_events')
      .select(['id', 'time', 'username', 'userId', 'ip', 'userAgent', 'outcome'])
      .orderBy('time', 'desc')
      .orderBy('id', 'desc')
      .limit(q.limit);
    if (q.username !== undefined)
      query = query.where((eb) =>
        eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(q.username)])),
      );
    if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), time: r.time.toISOString() }));
  }

  /**
   * Drops audit rows older than the retention, in batches so a large backlog (after a spray) never holds
   * one long transaction; returns how many went.
   */
  purgeEvents(retentionDays: number, batch = 10_000): Promise<number> {
    return purgeOlderThan(this.db, 'auth_events', retentionDays, batch);
  }

  /** Expired refresh tokens are useless; drop them now and then. */
  async pruneRefresh(): Promise<void> {
    await this.db.kysely
      .deleteFrom('refresh_tokens')
      .where('expiresAt', '<', sql<Date>`now() - interval '1 day'`)
      .execute();
  }
}
