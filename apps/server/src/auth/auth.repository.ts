import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthEvent, AuthOutcome } from '@ioc/contracts/auth-event.schema';
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
    await this.db.query(
      `INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, randomBytes(48).toString('base64url')],
    );
    const rows = await this.db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = $1`, [
      name,
    ]);
    return rows[0].value;
  }

  /** Issues a new opaque refresh token for the user; only its hash is stored. */
  async issueRefresh(userId: string, ttlS: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [userId, sha256(token), ttlS],
    );
    return token;
  }

  /**
   * Spends a refresh token (rotation). A token that was already revoked being presented again means it
   * leaked: every refresh token of that user is revoked.
   */
  async spendRefresh(token: string): Promise<RotateResult> {
    return this.db.tx(async (c) => {
      const rows = await c.query<{ user_id: string; revoked: boolean; expired: boolean }>(
        `SELECT user_id, revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
           FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [sha256(token)],
      );
      const r = rows.rows[0];
      if (!r || r.expired) return { kind: 'invalid' } as const;
      if (r.revoked) {
        await c.query(
          `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
          [r.user_id],
        );
        return { kind: 'reused', userId: r.user_id } as const;
      }
      await c.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE token_hash = $1`, [sha256(token)]);
      return { kind: 'ok', userId: r.user_id } as const;
    });
  }

  /** Revokes one token of the user, or all of them when `token` is undefined. */
  async revoke(userId: string, token?: string): Promise<void> {
    if (token === undefined) {
      await this.db.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );
    } else {
      await this.db.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
        [userId, sha256(token)],
      );
    }
  }

  async recordEvent(e: AuthEventInput): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_events (username, user_id, ip, user_agent, outcome) VALUES ($1, $2, $3, $4, $5)`,
      [e.username.slice(0, 200), e.userId, e.ip.slice(0, 100), e.userAgent?.slice(0, 300) ?? null, e.outcome],
    );
  }

  async events(q: { username?: string; outcome?: AuthOutcome; limit: number }): Promise<AuthEvent[]> {
    const rows = await this.db.query<{
      id: string;
      time: Date;
      username: string;
      user_id: string | null;
      ip: string;
      user_agent: string | null;
      outcome: AuthOutcome;
    }>(
      `SELECT id, time, username, user_id, ip, user_agent, outcome FROM auth_events
        WHERE ($1::text IS NULL OR lower(username) = lower($1)) AND ($2::text IS NULL OR outcome = $2)
        ORDER BY time DESC, id DESC LIMIT $3`,
      [q.username ?? null, q.outcome ?? null, q.limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      time: r.time.toISOString(),
      username: r.username,
      userId: r.user_id,
      ip: r.ip,
      userAgent: r.user_agent,
      outcome: r.outcome,
    }));
  }

  /**
   * Drops audit rows older than the retention, in batches so a large backlog (after a spray) never holds
   * one long transaction; returns how many went.
   */
  async purgeEvents(retentionDays: number, batch = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.query<{ n: number }>(
        `WITH d AS (
           DELETE FROM auth_events WHERE id IN (
             SELECT id FROM auth_events WHERE time < now() - make_interval(days => $1) LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM d`,
        [retentionDays, batch],
      );
      total += rows[0].n;
      if (rows[0].n < batch) return total;
    }
  }

  /** Expired refresh tokens are useless; drop them now and then. */
  async pruneRefresh(): Promise<void> {
    await this.db.query(`DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'`);
  }
}
