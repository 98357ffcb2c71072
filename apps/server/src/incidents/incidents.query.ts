import { z } from 'zod';
import {
  CapSeveritySchema,
  IncidentCategorySchema,
  IncidentStatusSchema,
} from '@ioc/contracts/incident.schema';
import { UnitTypeSchema } from '@ioc/contracts/unit.schema';
import { BBox, IsoTime, multi } from '../common/http/query.schema';

/** GET /api/incidents; unknown parameters are refused (a typo must not silently widen the list). */
export const IncidentListQuerySchema = z
  .object({
    status: multi(IncidentStatusSchema),
    severity: multi(CapSeveritySchema),
    category: multi(IncidentCategorySchema),
    ward: multi(z.string().min(1).max(100)),
    bbox: BBox.optional(),
    from: IsoTime.optional(),
    to: IsoTime.optional(),
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    path: ['from'],
    message: 'must be before to',
  });

/** GET /api/incidents/:id/nearest-units */
export const NearestUnitsQuerySchema = z
  .object({
    type: multi(UnitTypeSchema),
    /** Default: every available unit (an operator must see them all, not the nearest five). */
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type IncidentListQuery = z.infer<typeof IncidentListQuerySchema>;
export type NearestUnitsQuery = z.infer<typeof NearestUnitsQuerySchema>;

/** GET /api/incidents/:id/dispatch-plan takes no parameters (a stray one is refused, not ignored). */
export const DispatchPlanQuerySchema = z.object({}).strict();
