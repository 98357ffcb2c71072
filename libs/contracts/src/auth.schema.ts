import { z } from 'zod';

/** Roles, lowest first: each role may do everything the ones before it may. */
export const RoleSchema = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLE_ORDER: readonly Role[] = RoleSchema.options;

/** True when `role` is at least `min` (admin ⊇ supervisor ⊇ operator). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(min);
}

/** The user a request acts as; the `sub`/`role` claims of the access token. */
export const AuthUserSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  role: RoleSchema,
});
export type AuthUser = z.infer<typeof AuthUserSchema>;
