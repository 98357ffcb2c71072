import { BatchWriter } from './batch.writer';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('BatchWriter', () => {
  it('writes full batches at once and a partial batch after maxAgeMs, acking after the write', async () => {
    const writes: number[][] = [];
    const acked: number[] = [];
    const w = new BatchWriter<number>({
      name: 't',
      maxBatch: 3,
      maxAgeMs: 30,
      write: async (xs) => void writes.push(xs),
    });
    for (let i = 0; i < 4; i++) w.push(i, () => acked.push(i));
    await tick(5);
    expect(writes).toEqual([[0, 1, 2]]);
    expect(acked).toEqual([0, 1, 2]);
    await tick(50);
    expect(writes).toEqual([[0, 1, 2], [3]]);
    expect(acked).toEqual([0, 1, 2, 3]);
    expect(w.depth).toBe(0);
  });

  it('keeps at most `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const w = new BatchWriter<number>({
      name: 't',
      maxBatch: 10,
      maxAgeMs: 5,
      concurrency: 2,
      write: async () => {
        peak = Math.max(peak, ++inFlight);
        await tick(10);
        inFlight--;
      },
    });
    for (let i = 0; i < 100; i++) w.push(i);
    expect(w.depth).toBe(100);
    await w.flush();
    expect(peak).toBe(2);
    expect(w.depth).toBe(0);
  });

  it('drains a backlog pushed while every slot is busy in full batches, without waiting for maxAgeMs', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const w = new BatchWriter<number>({
      name: 't',
      maxBatch: 4,
      // long: only the batches' own completions may start the backlog
      maxAgeMs: 60_000,
      write: async (xs) => {
        if (writes.push(xs) === 1) await first;
      },
    });
    const acked: number[] = [];
    for (let i = 0; i < 22; i++) w.push(i, () => acked.push(i));
    expect(writes).toEqual([[0, 1, 2, 3]]);
    release();
    await tick(20);
    // the backlog (18 > 4 × 1 slot) goes in larger batches, the rest in full ones; the last 2 wait for age
    expect(writes.slice(1).flat()).toEqual(Array.from({ length: 16 }, (_, i) => i + 4));
    expect(writes.slice(1).every((b) => b.length >= 4)).toBe(true);
    expect(acked).toHaveLength(20);
    await w.flush();
    expect(acked).toEqual(Array.from({ length: 22 }, (_, i) => i));
  });

  it('retries a failed write with backoff and acks only after it succeeds', async () => {
    let fail = 2;
    const acked: number[] = [];
    const errors: number[] = [];
    const w = new BatchWriter<number>({
      name: 't',
      maxBatch: 2,
      maxAgeMs: 5,
      write: async () => {
        if (fail-- > 0) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      },
      onError: (_e, attempt) => errors.push(attempt),
    });
    w.push(1, () => acked.push(1));
    w.push(2, () => acked.push(2));
    await tick(50);
    expect(acked).toEqual([]);
    await w.flush();
    expect(errors).toEqual([1, 2]);
    expect(acked).toEqual([1, 2]);
  });

  it('isolates a row the database refuses and hands it to onPoison; the others commit', async () => {
    const stored: number[] = [];
    const poisoned: number[] = [];
    const acked: number[] = [];
    const w = new BatchWriter<number>({
      name: 't',
      maxBatch: 8,
      maxAgeMs: 5,
      write: async (xs) => {
        if (xs.includes(5)) throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
        stored.push(...xs);
      },
      onPoison: (x, _e, done) => {
        poisoned.push(x);
        done();
      },
    });
    for (let i = 0; i < 8; i++) w.push(i, () => acked.push(i));
    await w.flush();
    expect(stored.sort()).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(poisoned).toEqual([5]);
    expect(acked.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
