import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import type { Role } from '@ioc/contracts/auth.schema';
import type { AssignableUser, User } from '@ioc/contracts/user.schema';
import { Database } from '../db/database.pool';
import type { UsersTable } from '../db/database.schema';

export interface UserWithHash extends User {
  passwordHash: string;
}

/** The columns of the public `User` (never the password hash). */
const USER_COLUMNS = [
  'id',
  'username',
  'displayName',
  'role',
  'unitId',
  'active',
  'createdAt',
  'updatedAt',
  'lastLoginAt',
] as const satisfies readonly (keyof User)[];
type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]>;

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.displayName,
  role: r.role,
  unitId: r.unitId,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
});

/** Thrown when a username is taken (case-insensitively). */
export class DuplicateUsernameError extends Error {}

/** Thrown when a responder's unit does not exist, or a responder would have none (users_responder_unit). */
export class UnitBindingError extends Error {}

/** Thrown when a change would leave no active admin (refused by the database, see 015_auth_races.sql). */
export class LastAdminError extends Error {}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const RESPONDER_UNIT_CONSTRAINT = 'users_responder_unit';

/** Unit binding errors of the database as UnitBindingError; anything else unchanged. */
function bindingError(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string };
  if (err.code === FOREIGN_KEY_VIOLATION) return new UnitBindingError('no such unit');
  if (err.constraint === RESPONDER_UNIT_CONSTRAINT)
    return new UnitBindingError('a responder needs a unit, and only responders have one');
  return e;
}
const LAST_ADMIN_CONSTRAINT = 'users_last_active_admin';
const FIRST_ADMIN_LOCK = 7243502;

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<User[]> {
    const rows = await this.db.kysely
      .selectFrom('users')
      .select(USER_COLUMNS)
      .orderBy((eb) => eb.fn('lower', ['username']))
      .execute();
    return rows.map(toUser);
  }

  /** Active users of `roles`, by display name then username: the picker's list (no other columns). */
  assignable(roles: readonly Role[]): Promise<AssignableUser[]> {
    return this.db.kysely
      .selectFrom('users')
      .select(['id', 'username', 'displayName', 'role'])
      .where('active', '=', true)
      .where('role', 'in', [...roles])
      .orderBy((eb) => eb.fn('lower', ['displayName']))
      .orderBy((eb) => eb.fn('lower', ['username']))
      .execute();
  }

  async byId(id: string): Promise<User | null> {
    // Ids are uuids; anything else cannot exist (and must not reach the cast as an error).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const row = await this.db.kysely
      .selectFrom('users')
      .select(USER_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async byUsername(username: string): Promise<UserWithHash | null> {
    const row = await this.db.kysely
      .selectFrom('users')
      .select([...USER_COLUMNS, 'passwordHash'])
      .where((eb) => eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(username)])))
      .executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
  }

  async create(u: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    unitId?: string | null;
  }): Promise<User> {
    try {
      const row = await this.db.kysely
        .insertInto('users')
        .values(u)
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      return toUser(row);
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new DuplicateUsernameError(u.username);
      throw bindingError(e);
    }
  }

  /**
   * Creates the first admin only when the table is empty. Several instances may start at once: an advisory
   * lock makes exactly one of them insert (and print a generated password). Returns null when users exist.
   */
  async createFirstAdmin(u: { username: string; passwordHash: string }): Promise<User | null> {
    return this.db.tx(async (c, k) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      const row = await k
        .insertInto('users')
        .columns(['username', 'displayName', 'role', 'passwordHash'])
        .expression(
          k
            .selectNoFrom((eb) => [
              eb.val(u.username).as('username'),
              eb.val('Administrator').as('displayName'),
              eb.val('admin').as('role'),
              eb.val(u.passwordHash).as('passwordHash'),
            ])
            .where((eb) => eb.not(eb.exists(eb.selectFrom('users').select(eb.lit(1).as('one'))))),
        )
        .returning(USER_COLUMNS)
        .executeTakeFirst();
      return row ? toUser(row) : null;
    });
  }

  async hasUsers(): Promise<boolean> {
    const row = await this.db.kysely
      .selectFrom('users')
      .select((eb) => eb.lit(1).as('one'))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Null when the user does not exist; LastAdminError when it would leave no active admin. */
  async update(
    id: string,
    p: { displayName?: string; role?: Role; active?: boolean; passwordHash?: string; unitId?: string | null },
  ): Promise<User | null> {
    if (!(await this.byId(id))) return null;
    const row = await this.db.kysely
      .updateTable('users')
      // undefined fields are left out of the SET list: they keep their value
      .set({
        displayName: p.displayName,
        role: p.role,
        active: p.active,
        passwordHash: p.passwordHash,
        unitId: p.unitId,
        updatedAt: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirst()
      .catch((e: unknown) => {
        if ((e as { constraint?: string }).constraint === LAST_ADMIN_CONSTRAINT) throw new LastAdminError();
        throw bindingError(e);
      });
    return row ? toUser(row) : null;
  }

  async touchLogin(id: string): Promise<void> {
    await this.db.kysely
      .updateTable('users')
      .set({ lastLoginAt: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
