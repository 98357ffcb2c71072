import { Injectable } from '@nestjs/common';
import type { Role } from '@ioc/contracts/auth.schema';
import type { User } from '@ioc/contracts/user.schema';
import { Database } from '../db/database.pool';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

const COLS = 'id, username, display_name, role, active, created_at, updated_at, last_login_at';

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  lastLoginAt: r.last_login_at?.toISOString() ?? null,
});

/** Thrown when a username is taken (case-insensitively). */
export class DuplicateUsernameError extends Error {}

/** Thrown when a change would leave no active admin (refused by the database, see 015_auth_races.sql). */
export class LastAdminError extends Error {}

const UNIQUE_VIOLATION = '23505';
const LAST_ADMIN_CONSTRAINT = 'users_last_active_admin';
const FIRST_ADMIN_LOCK = 7243502;

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>(`SELECT ${COLS} FROM users ORDER BY lower(username)`)).map(toUser);
  }

  async byId(id: string): Promise<User | null> {
    // Ids are uuids; anything else cannot exist (and must not reach the cast as an error).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const rows = await this.db.query<UserRow>(`SELECT ${COLS} FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async byUsername(username: string): Promise<UserWithHash | null> {
    const rows = await this.db.query<UserRow & { password_hash: string }>(
      `SELECT ${COLS}, password_hash FROM users WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
  }

  async create(u: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
  }): Promise<User> {
    try {
      const rows = await this.db.query<UserRow>(
        `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
        [u.username, u.displayName, u.role, u.passwordHash],
      );
      return toUser(rows[0]);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateUsernameError(u.username);
      throw e;
    }
  }

  /**
   * Creates the first admin only when the table is empty. Several instances may start at once: an advisory
   * lock makes exactly one of them insert (and print a generated password). Returns null when users exist.
   */
  async createFirstAdmin(u: { username: string; passwordHash: string }): Promise<User | null> {
    return this.db.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      const rows = await c.query<UserRow>(
        `INSERT INTO users (username, display_name, role, password_hash)
         SELECT $1, 'Administrator', 'admin', $2 WHERE NOT EXISTS (SELECT 1 FROM users)
         RETURNING ${COLS}`,
        [u.username, u.passwordHash],
      );
      return rows.rows[0] ? toUser(rows.rows[0]) : null;
    });
  }

  async hasUsers(): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM users LIMIT 1`)).length > 0;
  }

  /** Null when the user does not exist; LastAdminError when it would leave no active admin. */
  async update(
    id: string,
    p: { displayName?: string; role?: Role; active?: boolean; passwordHash?: string },
  ): Promise<User | null> {
    if (!(await this.byId(id))) return null;
    const rows = await this.db
      .query<UserRow>(
        `UPDATE users SET
         display_name  = COALESCE($2, display_name),
         role          = COALESCE($3, role),
         active        = COALESCE($4, active),
         password_hash = COALESCE($5, password_hash),
         updated_at    = now()
       WHERE id = $1 RETURNING ${COLS}`,
        [id, p.displayName ?? null, p.role ?? null, p.active ?? null, p.passwordHash ?? null],
      )
      .catch((e: unknown) => {
        if ((e as { constraint?: string }).constraint === LAST_ADMIN_CONSTRAINT) throw new LastAdminError();
        throw e;
      });
    return rows[0] ? toUser(rows[0]) : null;
  }

  async touchLogin(id: string): Promise<void> {
    await this.db.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [id]);
  }

  async countActiveAdmins(): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`,
    );
    return rows[0].n;
  }
}
