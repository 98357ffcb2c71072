/**
 * Seeded, stateless randomness. Every random number the simulator uses is derived from a key
 * (seed, device, metric, time slot), so any message can be recomputed on its own: no hidden state,
 * hence byte-identical output for the same seed and start time however the run is chunked.
 * Hot paths hash integers onto a precomputed per-device hash (no string building per message),
 * which keeps generation well above 50k messages/s.
 */

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a of `s`, continuing from hash `h`: derive a sub-key without allocating strings. */
export function hashStr(h: number, s: string): number {
  let x = h ^ 0x1f; // separator, so ('ab','c') and ('a','bc') differ
  x = Math.imul(x, 0x01000193);
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Hash of structured key parts (numbers are hashed by their decimal text). */
export function hashKey(...parts: (string | number)[]): number {
  let h = FNV_OFFSET;
  for (const p of parts) h = hashStr(h, String(p));
  return h;
}

/** murmur3 finaliser: a well-mixed 32-bit value from any 32-bit input. */
function fmix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Combines hash `h` with an integer `n` (any safe integer, e.g. a message index or time slot). */
export function mixHash(h: number, n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  return fmix(fmix(h ^ lo) ^ Math.imul(hi + 0x9e3779b9, 0x27d4eb2d));
}

/** Uniform [0, 1) from a hash. */
export function unitOf(h: number): number {
  return fmix(h ^ 0x5bd1e995) / 4294967296;
}

/** Roughly bell-shaped value in [-1, 1] from a hash (mean of three uniforms, rescaled). */
export function noiseOf(h: number): number {
  const a = fmix(h ^ 0x68e31da4);
  const b = fmix(a ^ 0xb5297a4d);
  const c = fmix(b ^ 0x1b56c4e9);
  return ((a + b + c) / 4294967296 / 3) * 2 - 1;
}

/** Uniform [0, 1) for a structured key (setup paths). */
export function uniform(...parts: (string | number)[]): number {
  return unitOf(hashKey(...parts));
}

/**
 * Smooth value noise in [-1, 1]: random values at knots `periodMs` apart, eased in between. Gives slow
 * drifts (weather fronts, traffic days) that stay continuous across message boundaries.
 */
export function smoothNoise(h: number, timeMs: number, periodMs: number): number {
  const x = timeMs / periodMs;
  const k = Math.floor(x);
  const f = x - k;
  const e = f * f * (3 - 2 * f);
  const a = unitOf(mixHash(h, k)) * 2 - 1;
  const b = unitOf(mixHash(h, k + 1)) * 2 - 1;
  return a + (b - a) * e;
}
