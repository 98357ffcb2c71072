import { Injectable } from '@nestjs/common';
import { ROLE_ORDER, roleAtLeast } from '@ioc/contracts/auth.schema';
import type { AssignableUser, CreateUser, PatchUser, User } from '@ioc/contracts/user.schema';
import { conflict, invalidInput, notFound } from '../common/http/api.errors';
import { AuthService } from './auth.service';
import { hashPassword } from './password.util';
import { UserSessionsRepository } from './user-sessions.repository';
import {
  DuplicateUsernameError,
  LastAdminError,
  UnitBindingError,
  UsersRepository,
} from './users.repository';

/** User administration (admin only at the REST edge). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly sessions: UserSessionsRepository,
  ) {}

  list(): Promise<User[]> {
    return this.users.list();
  }

  /** Who can work an incident: active users of the operator role and above (every role today). */
  assignable(): Promise<AssignableUser[]> {
    return this.users.assignable(ROLE_ORDER.filter((r) => roleAtLeast(r, 'operator')));
  }

  async get(id: string): Promise<User> {
    const u = await this.users.byId(id);
    if (!u) throw notFound(`user ${id} not found`);
    return u;
  }

  async create(c: CreateUser): Promise<User> {
    try {
      return await this.users.create({
        username: c.username,
        displayName: c.displayName,
        role: c.role,
        passwordHash: await hashPassword(c.password),
        unitId: c.role === 'responder' ? c.unitId : null,
      });
    } catch (e) {
      if (e instanceof DuplicateUsernameError) throw conflict('username is taken', { field: 'username' });
      if (e instanceof UnitBindingError) throw invalidInput('unitId', e.message);
      throw e;
    }
  }

  async patch(id: string, p: PatchUser): Promise<User> {
    const before = await this.get(id);
    // The system must keep one active admin, or nobody could manage users any more.
    const losesAdmin =
      before.role === 'admin' && before.active && (p.active === false || (p.role && p.role !== 'admin'));
    const lastAdmin = () =>
      conflict('the last active admin cannot be demoted or deactivated', {
        field: p.active === false ? 'active' : 'role',
      });
    if (losesAdmin && (await this.users.countActiveAdmins()) <= 1) throw lastAdmin();
    // Only responders are bound to a unit: leaving the role unbinds; a unit is only for a responder.
    const role = p.role ?? before.role;
    if (role !== 'responder' && p.unitId) throw invalidInput('unitId', 'only responders are bound to a unit');
    if (role === 'responder' && p.unitId === null) throw invalidInput('unitId', 'a responder needs a unit');
    const unitId = role === 'responder' ? p.unitId : before.unitId === null ? undefined : null;
    // The check above answers the plain case; under concurrent changes the database decides (a trigger
    // under a lock refuses the change that would leave no active admin).
    const after = await this.users
      .update(id, {
        displayName: p.displayName,
        role: p.role,
        active: p.active,
        passwordHash: p.password === undefined ? undefined : await hashPassword(p.password),
        unitId,
      })
      .catch((e: unknown) => {
        if (e instanceof UnitBindingError)
          throw invalidInput(
            'unitId',
            role === 'responder' && !p.unitId ? 'a responder needs a unit' : e.message,
          );
        throw e instanceof LastAdminError ? lastAdmin() : e;
      });
    if (!after) throw notFound(`user ${id} not found`);
    // Existing sessions end when the account is disabled or its password changes.
    if (p.active === false || p.password !== undefined || before.unitId !== after.unitId)
      await this.auth.revokeAll(id);
    // Live sockets opened with the old rights close on every live instance (they reconnect if still allowed).
    if (
      p.active === false ||
      before.active !== after.active ||
      before.role !== after.role ||
      before.unitId !== after.unitId
    )
      await this.sessions.changed(id);
    return after;
  }
}
