import {
  AssignableUserSchema,
  UserSchema,
  type AssignableUser,
  type CreateUser,
  type PatchUser,
  type User,
} from '@ioc/contracts/user.schema';
import { z } from 'zod';
import { getJson, sendJson } from './http.client';

export function loadUsers(signal?: AbortSignal): Promise<User[]> {
  return getJson('/api/users', z.array(UserSchema), signal);
}

export function createUser(u: CreateUser): Promise<User> {
  return sendJson('POST', '/api/users', u, UserSchema);
}

export function patchUser(id: string, p: PatchUser): Promise<User> {
  return sendJson('PATCH', `/api/users/${encodeURIComponent(id)}`, p, UserSchema);
}

/** Who an incident can be assigned to (any operator+ may read it). */
export function loadAssignableUsers(signal?: AbortSignal): Promise<AssignableUser[]> {
  return getJson('/api/users/assignable', z.array(AssignableUserSchema), signal);
}
