import { LatencyHistogram } from './latency.histogram';

describe('LatencyHistogram', () => {
  it('gives quantiles in 1 ms buckets and its non-empty buckets in order, so two snapshots subtract', () => {
    const h = new LatencyHistogram();
    for (const ms of [5, 5, 7, 1200]) h.record(ms);
    const before = h.nonEmpty();
    expect(before).toEqual([
      [5, 2],
      [7, 1],
      [1200, 1],
    ]);
    for (const ms of [7, 90_000, -3]) h.record(ms);
    // beyond 60 s in the overflow bucket, below 0 in the first
    expect(h.nonEmpty()).toEqual([
      [0, 1],
      [5, 2],
      [7, 2],
      [1200, 1],
      [60_000, 1],
    ]);
    expect(h.summary()).toEqual({ count: 7, p50: 7, p99: 60_000, max: 90_000 });
    // the three rows since `before`; max is their bucket's (the exact value is not kept per bucket)
    expect(LatencyHistogram.between(before, h.nonEmpty()).summary()).toEqual({
      count: 3,
      p50: 7,
      p99: 60_000,
      max: 60_000,
    });
  });
});
