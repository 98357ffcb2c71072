import { z } from 'zod';
import { UnitTypeSchema } from './city.schema';
import { UtcTimeSchema } from './utc-time.schema';

export { UnitTypeSchema };
export type UnitType = z.infer<typeof UnitTypeSchema>;

export const UnitStatusSchema = z.enum(['available', 'dispatched', 'en_route', 'on_scene', 'off_duty']);
export type UnitStatus = z.infer<typeof UnitStatusSchema>;

/** A response unit with its current status and last known position (null before the first fix). */
export const UnitSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  type: UnitTypeSchema,
  status: UnitStatusSchema,
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  positionTime: UtcTimeSchema.nullable(),
  /** Incident the unit is working on; null when available or off duty. */
  incidentId: z.string().max(100).nullable(),
  /**
   * True when lat/lon are the unit's base from city.json because no tracker fix is known (the console
   * says "at base …"); absent from older servers and from replays.
   */
  atBase: z.boolean().optional(),
  /** The base (station) the unit belongs to, from city.json. */
  baseName: z.string().max(300).optional(),
  /** When the unit entered its current status (the live `unit` events carry the same as updatedAt). */
  statusSince: UtcTimeSchema.optional(),
});
export type Unit = z.infer<typeof UnitSchema>;
