import { z } from 'zod';
import { RoleSchema, UsernameSchema } from './auth.schema';

/** A user as the users API returns it (never the password hash). */
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  /** The unit a responder is bound to (required for responders, null for everyone else). */
  unitId: z.string().nullable(),
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

const UnitIdSchema = z.string().trim().min(1).max(200);

export const CreateUserSchema = z
  .object({
    username: UsernameSchema,
    displayName: z.string().trim().max(200).default(''),
    role: RoleSchema,
    password: PasswordSchema,
    /** Required for (and only for) responders: the unit whose phone view the account opens. */
    unitId: UnitIdSchema.nullable().optional(),
  })
  .refine((u) => u.role !== 'responder' || !!u.unitId, {
    path: ['unitId'],
    message: 'is required for a responder',
  })
  .refine((u) => u.role === 'responder' || !u.unitId, {
    path: ['unitId'],
    message: 'only responders are bound to a unit',
  });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const PatchUserSchema = z
  .strictObject({
    displayName: z.string().trim().max(200).optional(),
    role: RoleSchema.optional(),
    active: z.boolean().optional(),
    password: PasswordSchema.optional(),
    /** A responder's unit; null unbinds (only when the role stops being responder). */
    unitId: UnitIdSchema.nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'must change at least one field');
export type PatchUser = z.infer<typeof PatchUserSchema>;
