import { z } from 'zod';

/** An instant as an ISO-8601 string in UTC with a trailing 'Z' (offsets are normalised away by the feed adapters). */
export const UtcTimeSchema = z.iso.datetime();
export type UtcTime = z.infer<typeof UtcTimeSchema>;
