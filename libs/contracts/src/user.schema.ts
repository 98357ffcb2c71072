import { z } from 'zod';
import { RoleSchema, UsernameSchema } from './auth.schema';

/** A user as the users API returns it (never the password hash). */
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

/** GET /api/users/assignable: who an incident can be assigned to — no more than a picker needs. */
export const AssignableUserSchema = UserSchema.pick({
  id: true,
  username: true,
  displayName: true,
  role: true,
});
export type AssignableUser = z.infer<typeof AssignableUserSchema>;

export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(1024);

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().max(200).default(''),
  role: RoleSchema,
  password: PasswordSchema,
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const PatchUserSchema = z
  .strictObject({
    displayName: z.string().trim().max(200).optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    password: PasswordSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'must change at least one field');
export type PatchUser = z.infer<typeof PatchUserSchema>;
