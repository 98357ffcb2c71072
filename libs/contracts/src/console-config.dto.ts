import { z } from 'zod';

/** `GET /api/config`: runtime settings the console reads once at start. */
export const ConsoleConfigSchema = z.object({
  /** MapLibre style URL: absolute, or root-relative to the server (default `/api/basemap/style.json`). */
  basemapStyleUrl: z.string().min(1),
  /** The city's IANA time zone (`timeZone` in the incidents config): every time the console shows is in it. */
  timeZone: z.string().min(1),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
