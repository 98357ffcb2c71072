/**
 * Seeded, stateless randomness. Every random number the simulator uses is derived from a key
 * (seed, device, metric, time slot), so any message can be recomputed on its own: no hidden state,
 * hence byte-identical output for the same seed and start time however the run is chunked.
 */

/** mulberry32: tiny 32-bit PRNG with good enough statistics for synthetic sensor data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the joined key parts: turns a structured key into a PRNG seed. */
export function hashKey(...parts: (string | number)[]): number {
  const s = parts.join('\u001f');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform [0, 1) for a key. */
export function uniform(...parts: (string | number)[]): number {
  const next = mulberry32(hashKey(...parts));
  next(); // the first output correlates with nearby seeds; discard it
  return next();
}

/** Roughly bell-shaped noise in [-1, 1] (mean of three uniforms, rescaled). */
export function noise(...parts: (string | number)[]): number {
  const next = mulberry32(hashKey(...parts));
  next();
  return ((next() + next() + next()) / 3) * 2 - 1;
}

/**
 * Smooth value noise in [-1, 1]: random values at knots `periodMs` apart, eased in between. Gives slow
 * drifts (weather fronts, traffic days) that stay continuous across message boundaries.
 */
export function smoothNoise(timeMs: number, periodMs: number, ...parts: (string | number)[]): number {
  const x = timeMs / periodMs;
  const k = Math.floor(x);
  const f = x - k;
  const e = f * f * (3 - 2 * f);
  const a = uniform(...parts, 'knot', k) * 2 - 1;
  const b = uniform(...parts, 'knot', k + 1) * 2 - 1;
  return a + (b - a) * e;
}
