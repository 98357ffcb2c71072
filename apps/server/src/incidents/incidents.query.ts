import { z } from 'zod';
import {
  CapSeveritySchema,
  IncidentCategorySchema,
  IncidentStatusSchema,
} from '@ioc/contracts/incident.schema';
import { UnitTypeSchema } from '@ioc/contracts/unit.schema';
import { BadRequestException } from '@nestjs/common';
import { IsoTime } from '../ingest/ingest.query';

/** `a,b` or repeated `x=a&x=b` → ['a', 'b']. */
const multi = <T extends z.ZodType>(item: T) =>
  z
    .preprocess(
      (v) =>
        v === undefined
          ? undefined
          : (Array.isArray(v) ? v : [v])
              .flatMap((s) => String(s).split(','))
              .map((s) => s.trim())
              .filter(Boolean),
      z.array(item).min(1, 'must name at least one value').max(50),
    )
    .optional();

const coordinate = (min: number, max: number) => z.number().min(min).max(max);

/** minLon,minLat,maxLon,maxLat (GeoJSON order). */
const BBox = z
  .string()
  .transform((v) => v.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s))))
  .pipe(
    z.tuple([coordinate(-180, 180), coordinate(-90, 90), coordinate(-180, 180), coordinate(-90, 90)], {
      error: 'must be minLon,minLat,maxLon,maxLat',
    }),
  )
  .refine(([w, s, e, n]) => w <= e && s <= n, 'must be minLon,minLat,maxLon,maxLat with min ≤ max');

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
    limit: z.coerce.number().int().min(1).max(100).default(5),
  })
  .strict();

/**
 * Parses a query or body or answers 400 naming the first bad field (an unknown key is named too, so a
 * typo like `?stauts=new` is refused instead of silently listing everything).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0];
  // the top-level field, as the rest of the API names it (unitIds, not unitIds.0)
  const field = String((i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]] : i.path)[0] ?? '');
  const message = i.code === 'unrecognized_keys' ? 'is not a known field' : i.message;
  throw new BadRequestException({ statusCode: 400, field, message });
}
