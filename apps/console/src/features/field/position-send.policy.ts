/** When the field view sends a fix: the server's cadence, sooner when moving fast, never twice at once. */
export interface SendPolicy {
  intervalMs: number;
  fastIntervalMs: number;
  fastKmh: number;
}

export interface Fix {
  at: number;
  lat: number;
  lon: number;
  /** km/h; null when the phone does not say. */
  speedKmh: number | null;
}

/** Metres between two fixes (equirectangular: fine over the few hundred metres between sends). */
function metres(a: Fix, b: Fix): number {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * 6_371_000;
}

/**
 * True when `fix` should go to the server after `last` was sent. Speed comes from the phone or, when it
 * gives none, from the distance since the last sent fix.
 */
export function shouldSend(last: Fix | null, fix: Fix, p: SendPolicy): boolean {
  if (!last) return true;
  const elapsed = fix.at - last.at;
  if (elapsed >= p.intervalMs) return true;
  if (elapsed < p.fastIntervalMs) return false;
  const speed = fix.speedKmh ?? (metres(last, fix) / (elapsed / 1000)) * 3.6;
  return speed >= p.fastKmh;
}
