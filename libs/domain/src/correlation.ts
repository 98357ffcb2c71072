/**
 * Correlation: a new signal near (R metres) and soon after (T minutes) an open incident of a compatible
 * category becomes evidence of that incident instead of a new one — alarm floods are what operators
 * complain about most.
 */
import type { IncidentStatus } from '@ioc/contracts/incident.schema';
import { haversineM } from './geo';
import { isOpenStatus } from './incident.state-machine';

/** Category → categories whose incidents a signal of it may join. Read both ways (symmetric). */
export type CompatibilityTable = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_COMPATIBILITY: CompatibilityTable = Object.freeze({
  fire: ['fire'],
  flood: ['flood'],
  air_quality: ['air_quality', 'environment'],
  environment: ['environment'],
  security: ['security', 'traffic'],
  traffic: ['traffic'],
  utility: ['utility'],
  other: ['other'],
});

export interface CorrelationOptions {
  /** Metres; default 200. */
  radiusM?: number;
  /** Minutes either side of the incident's latest signal; default 10. */
  windowMin?: number;
  compatibility?: CompatibilityTable;
}

export interface CorrelationSignal {
  category: string;
  lat: number;
  lon: number;
  /** ISO-8601 or epoch ms. */
  time: string | number;
}

export interface CorrelationCandidate {
  id: string;
  category: string;
  status: IncidentStatus;
  lat: number | null;
  lon: number | null;
  /** Latest evidence time (falls back to openedAt); the window slides with each attached signal. */
  lastSignalAt?: string | number | null;
  openedAt: string | number;
}

export const DEFAULT_CORRELATION_RADIUS_M = 200;
export const DEFAULT_CORRELATION_WINDOW_MIN = 10;

const ms = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

export function areCompatible(
  a: string,
  b: string,
  table: CompatibilityTable = DEFAULT_COMPATIBILITY,
): boolean {
  return a === b || (table[a]?.includes(b) ?? false) || (table[b]?.includes(a) ?? false);
}

/**
 * The incident to attach the signal to, with its distance; null means open a new one. Nearest wins;
 * on equal distance the most recent activity, then the smallest id, so replays decide the same way.
 */
export function correlate<I extends CorrelationCandidate>(
  signal: CorrelationSignal,
  openIncidents: readonly I[],
  options: CorrelationOptions = {},
): { incident: I; distanceM: number } | null {
  const radius = options.radiusM ?? DEFAULT_CORRELATION_RADIUS_M;
  const windowMs = (options.windowMin ?? DEFAULT_CORRELATION_WINDOW_MIN) * 60_000;
  const table = options.compatibility ?? DEFAULT_COMPATIBILITY;
  const t = ms(signal.time);
  if (!Number.isFinite(t) || !Number.isFinite(signal.lat) || !Number.isFinite(signal.lon)) return null;

  let best: { incident: I; distanceM: number; last: number } | null = null;
  for (const incident of openIncidents) {
    if (!isOpenStatus(incident.status) || incident.lat === null || incident.lon === null) continue;
    if (!areCompatible(signal.category, incident.category, table)) continue;
    const last = ms(incident.lastSignalAt ?? incident.openedAt);
    if (!(Math.abs(t - last) <= windowMs)) continue;
    const distanceM = haversineM(signal, { lat: incident.lat, lon: incident.lon });
    if (distanceM > radius) continue;
    if (
      !best ||
      distanceM < best.distanceM ||
      (distanceM === best.distanceM &&
        (last > best.last || (last === best.last && incident.id < best.incident.id)))
    )
      best = { incident, distanceM, last };
  }
  return best && { incident: best.incident, distanceM: best.distanceM };
}
