import { z } from 'zod';

// Query-string primitives shared by every controller's query schema (the API's edge, validated here).

/** ISO-8601 instant with an offset. */
export const IsoTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time with offset' });

/** "30s", "1m", "15m", "1h", "1d" → seconds. */
export const Bucket = z
  .string()
  .regex(/^\d{1,6}(s|m|h|d)$/, 'must look like 30s, 5m, 1h or 1d')
  .transform(
    (v) => Number(v.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86400 }[v.slice(-1) as 's' | 'm' | 'h' | 'd'],
  )
  .refine((s) => s >= 1 && s <= 31 * 86400, 'must be between 1s and 31d');

export const Limit = z.coerce.number().int().min(1).max(10000);

/** `a,b` or repeated `x=a&x=b` → ['a', 'b']. */
export const multi = <T extends z.ZodType>(item: T) =>
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
export const BBox = z
  .string()
  .transform((v) => v.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s))))
  .pipe(
    z.tuple([coordinate(-180, 180), coordinate(-90, 90), coordinate(-180, 180), coordinate(-90, 90)], {
      error: 'must be minLon,minLat,maxLon,maxLat',
    }),
  )
  .refine(([w, s, e, n]) => w <= e && s <= n, 'must be minLon,minLat,maxLon,maxLat with min ≤ max');
