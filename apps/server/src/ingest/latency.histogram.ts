/**
 * Receive→commit latency in 1 ms buckets up to 60 s (plus overflow): constant memory however many
 * rows pass, exact enough for p50/p99 in benchmarks and metrics.
 */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(60_001);
  private n = 0;
  private maxMs = 0;

  record(ms: number): void {
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)));
    this.buckets[b]++;
    this.n++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.n;
  }

  quantile(q: number): number | null {
    if (this.n === 0) return null;
    const target = Math.ceil(q * this.n);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      if (seen >= target) return i;
    }
    return this.buckets.length - 1;
  }

  summary(): { count: number; p50: number | null; p99: number | null; max: number | null } {
    return {
      count: this.n,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      max: this.n ? Math.round(this.maxMs) : null,
    };
  }

  /** The non-empty buckets as [ms, count] pairs: two snapshots subtract to the latency of what came between. */
  nonEmpty(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.buckets.length; i++) if (this.buckets[i]) out.push([i, this.buckets[i]]);
    return out;
  }

  /** What was recorded between two `nonEmpty()` snapshots of one histogram, as a histogram of its own. */
  static between(before: [number, number][], after: [number, number][]): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const [ms, n] of after) h.buckets[ms] = n;
    for (const [ms, n] of before) h.buckets[ms] -= n;
    for (let i = 0; i < h.buckets.length; i++) {
      if (!h.buckets[i]) continue;
      h.n += h.buckets[i];
      h.maxMs = i;
    }
    return h;
  }

  reset(): void {
    this.buckets.fill(0);
    this.n = 0;
    this.maxMs = 0;
  }
}
