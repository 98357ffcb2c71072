import { z } from 'zod';

/**
 * Roles, lowest first: each console role may do everything the ones before it may. `responder` (a field
 * unit's phone) is the narrow door below them: it may use only the routes marked for it (its own unit's
 * assignment, status and position, its own session), whatever @MinRole says elsewhere.
 */
export const RoleSchema = z.enum(['responder', 'operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLE_ORDER: readonly Role[] = RoleSchema.options;
/** The lowest role of a route without @MinRole: the console roles, never a responder. */
export const DEFAULT_MIN_ROLE: Role = 'operator';

/** True when `role` is at least `min` (admin ⊇ supervisor ⊇ operator ⊇ responder). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(min);
}

/** The user a request acts as; the `sub`/`role` claims of the access token. */
export const AuthUserSchema = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  role: RoleSchema,
  /** The unit a responder speaks for (null/absent for the console roles). */
  unitId: z.string().nullable().optional(),
});
export type AuthUser = z.infer<typeof AuthUserSchema>;

/** Login names: letters, digits, `.`, `_`, `-`; compared case-insensitively. */
export const UsernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,64}$/, 'must be 3–64 letters, digits, ".", "_" or "-"');

export const LoginRequestSchema = z.object({
  username: z.string().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(1, 'is required').max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;

/** Logout revokes the given refresh token, or every refresh token of the user when none is given. */
export const LogoutRequestSchema = z.object({ refreshToken: z.string().min(1).max(512).optional() });
export type LogoutRequest = z.infer<typeof LogoutRequestSchema>;

/** Answer of login and refresh; `expiresIn` is the access token's lifetime in seconds. */
export const TokenResponseSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().positive(),
  user: AuthUserSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
