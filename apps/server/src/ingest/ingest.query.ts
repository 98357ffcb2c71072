import { z } from 'zod';
import { BadRequestException } from '@nestjs/common';

/** ISO-8601 instant with an offset; query strings are the API's edge, so they are validated here. */
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

/** Parses a query with the schema or answers 400 naming the first bad field. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BadRequestException({ statusCode: 400, field: String(i.path[0] ?? ''), message: i.message });
  }
  return parsed.data;
}
