import { z } from 'zod';

export const ServerRoleSchema = z.enum(['ingest', 'api', 'live']);
export type ServerRole = z.infer<typeof ServerRoleSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  broker: z.enum(['ok', 'down']),
  timescale: z.boolean(),
  roles: z.array(ServerRoleSchema),
  version: z.string(),
});
export type Health = z.infer<typeof HealthSchema>;
