import { z } from 'zod';

/** `GET /api/config`: runtime settings the console reads once at start. */
export const ConsoleConfigSchema = z.object({
  /** MapLibre style URL: absolute, or root-relative to the server (default `/api/basemap/style.json`). */
  basemapStyleUrl: z.string().min(1),
  /**
   * Set when the server serves a PMTiles street archive (BASEMAP_PMTILES): the console then builds its
   * style from @protomaps/basemaps over this archive (`pmtiles://` protocol) instead of basemapStyleUrl.
   */
  basemapPmtilesUrl: z.string().min(1).optional(),
  /** The city's IANA time zone (`timeZone` in the incidents config): every time the console shows is in it. */
  timeZone: z.string().min(1),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfigSchema>;
