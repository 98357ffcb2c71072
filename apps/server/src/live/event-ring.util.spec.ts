import { EventRing } from './event-ring.util';

const ev = (...seqs: number[]) => seqs.map((seq) => ({ seq }));

describe('EventRing', () => {
  it('holds every event after base up to head and answers by cursor', () => {
    const r = new EventRing<{ seq: number }>(4, 10);
    expect(r.head).toBe(10);
    expect(r.covers(10)).toBe(true);
    expect(r.covers(9)).toBe(false);
    r.push(ev(11, 12, 14));
    expect(r.head).toBe(14);
    expect(r.after(10).map((e) => e.seq)).toEqual([11, 12, 14]);
    expect(r.after(12).map((e) => e.seq)).toEqual([14]);
    expect(r.after(13).map((e) => e.seq)).toEqual([14]);
    expect(r.after(14)).toEqual([]);
    expect(r.after(10, 2).map((e) => e.seq)).toEqual([11, 12]);
    expect(r.countAfter(11)).toBe(2);
    expect(r.firstAfter(12)?.seq).toBe(14);
    expect(r.firstAfter(14)).toBeUndefined();
  });

  it('moves base forward as it evicts, so an old cursor is no longer covered', () => {
    const r = new EventRing<{ seq: number }>(3, 0);
    r.push(ev(1, 2, 3, 4, 5));
    expect(r.size).toBe(3);
    expect(r.base).toBe(2);
    expect(r.covers(1)).toBe(false);
    expect(r.covers(2)).toBe(true);
    expect(r.after(2).map((e) => e.seq)).toEqual([3, 4, 5]);
    r.push(ev(6));
    expect(r.after(0).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(r.base).toBe(3);
  });

  it('ignores events at or below head (a re-read never duplicates)', () => {
    const r = new EventRing<{ seq: number }>(5, 0);
    r.push(ev(1, 2));
    r.push(ev(2, 1, 3));
    expect(r.after(0).map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});
