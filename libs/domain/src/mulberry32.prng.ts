/**
 * mulberry32: a tiny seeded 32-bit PRNG, uniform in [0, 1). Statistics good enough for synthetic data and
 * fuzzing; the point is reproducibility: the same seed gives the same sequence on every machine, so a
 * fuzz failure names a seed that replays it. Not for anything secret.
 */
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
