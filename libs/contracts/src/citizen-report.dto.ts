import { z } from 'zod';
import { IncidentCategorySchema } from './incident.schema';

export const CITIZEN_REPORT_TEXT_MAX = 2000;

const httpUrl = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/**
 * `POST /api/reports`: a citizen call entered by a hotline operator. The position must also lie inside
 * the city's bounds (checked by the server, which knows them).
 */
export const CitizenReportInputSchema = z
  .object({
    text: z
      .string({ error: 'is required (a string)' })
      .trim()
      .min(1, 'must not be empty')
      .max(CITIZEN_REPORT_TEXT_MAX, `must be at most ${CITIZEN_REPORT_TEXT_MAX} characters`),
    category: IncidentCategorySchema,
    lat: z.number({ error: 'is required (a number)' }).min(-90).max(90),
    lon: z.number({ error: 'is required (a number)' }).min(-180).max(180),
    contact: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    photoUrl: httpUrl.optional(),
  })
  .strict();
export type CitizenReportInput = z.infer<typeof CitizenReportInputSchema>;

export const CitizenReportCreatedSchema = z.object({
  /** The report's id (its incident signal is `report:<id>`). */
  id: z.string(),
  /** Null while the report waits to be raised (response 202) or when no rule takes reports. */
  incidentId: z.string().nullable(),
  /** True when the report opened a new incident, false when it joined an open one. */
  created: z.boolean(),
});
export type CitizenReportCreated = z.infer<typeof CitizenReportCreatedSchema>;
