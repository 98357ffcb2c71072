import { z } from 'zod';
import { IncidentCategorySchema } from './incident.schema';
import { UtcTimeSchema } from './utc-time.schema';

/**
 * The public citizen channel (`/public/reports`): a report with up to 3 photos, answered by a tracking
 * code; the code's status page shows the progress and the operator's public note, nothing else.
 */
export const CITIZEN_DESCRIPTION_MAX = 2000;
export const CITIZEN_MAX_PHOTOS = 3;
/** Per photo, before re-encoding (a bigger file is refused with 413). */
export const CITIZEN_PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** Crockford base32 (no I, L, O, U): 10 characters = 50 random bits. */
export const TRACKING_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TrackingCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJKMNP-TV-Z]{10}$/, 'must be a 10-character tracking code');

/**
 * A Vietnamese phone number: mobile 0[3|5|7|8|9]xxxxxxxx or landline 02xxxxxxxxx, with +84 / 84 instead
 * of the leading 0; spaces, dots and dashes are ignored. Null when it is not one; else the E.164 form.
 */
export function normalizeVnPhone(input: string): string | null {
  const digits = input.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)((?:[35789]\d{8})|(?:2\d{9}))$/.exec(digits);
  return m ? `+84${m[1]}` : null;
}

const coord = (min: number, max: number) =>
  z.coerce
    .number({ error: 'is required (a number)' })
    .refine((v) => Number.isFinite(v), 'must be a number')
    .pipe(z.number().min(min).max(max));

/**
 * The text fields of the multipart form (files travel as `photos`). `website` is a honeypot: hidden from
 * people, filled by form-spamming robots; a filled one is answered like a success and dropped.
 */
export const CitizenReportFormSchema = z
  .object({
    category: IncidentCategorySchema,
    description: z
      .string({ error: 'is required' })
      .trim()
      .min(5, 'must be at least 5 characters')
      .max(CITIZEN_DESCRIPTION_MAX, `must be at most ${CITIZEN_DESCRIPTION_MAX} characters`),
    lat: coord(-90, 90),
    lon: coord(-180, 180),
    phone: z
      .string()
      .trim()
      .max(30)
      .optional()
      .refine(
        (v) => !v || normalizeVnPhone(v) !== null,
        'must be a Vietnamese phone number (e.g. 0912 345 678)',
      ),
    website: z.string().max(500).optional(),
  })
  .strict();
export type CitizenReportForm = z.infer<typeof CitizenReportFormSchema>;

export const CitizenReceiptSchema = z.object({
  /** Keep it: the only key to the report's status page. */
  code: TrackingCodeSchema,
});
export type CitizenReceipt = z.infer<typeof CitizenReceiptSchema>;

/** received → in_progress → resolved; `closed`: not taken up (duplicate, spam, cancelled). */
export const CitizenReportStatusSchema = z.enum(['received', 'in_progress', 'resolved', 'closed']);
export type CitizenReportStatus = z.infer<typeof CitizenReportStatusSchema>;

/** What the public status page shows: never the text, photos, phone, incident or internal notes. */
export const CitizenPublicStatusSchema = z.object({
  code: z.string(),
  status: CitizenReportStatusSchema,
  category: IncidentCategorySchema,
  submittedAt: UtcTimeSchema,
  /** The operator's public note given when resolving; null otherwise. */
  publicNote: z.string().nullable(),
  updatedAt: UtcTimeSchema,
});
export type CitizenPublicStatus = z.infer<typeof CitizenPublicStatusSchema>;

/** What the public form needs to know: the city's extent and centre (no other data). */
export const CitizenConfigSchema = z.object({
  cityName: z.string(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  maxPhotos: z.number().int(),
  maxPhotoBytes: z.number().int(),
});
export type CitizenConfig = z.infer<typeof CitizenConfigSchema>;

/** Operators: one citizen report (photos fetched one by one through the authenticated route). */
export const CitizenReportViewSchema = z.object({
  id: z.string(),
  status: z.enum(['received', 'spam']),
  category: IncidentCategorySchema,
  description: z.string(),
  lat: z.number(),
  lon: z.number(),
  phone: z.string().nullable(),
  submittedAt: UtcTimeSchema,
  photos: z.array(
    z.object({
      index: z.number().int(),
      width: z.number().int(),
      height: z.number().int(),
      bytes: z.number().int(),
    }),
  ),
  spamBy: z.string().nullable(),
});
export type CitizenReportView = z.infer<typeof CitizenReportViewSchema>;

export const CitizenSpamBodySchema = z
  .object({ note: z.string().trim().max(1000, 'must be at most 1000 characters').optional() })
  .strict();
