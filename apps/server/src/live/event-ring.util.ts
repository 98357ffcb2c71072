/**
 * The newest durable events of the outbox, in seq order, in a fixed-size ring. It holds every event with
 * `base < seq ≤ head` (seqs may skip numbers: a rolled-back append burns its seq), so a cursor at or after
 * `base` can be caught up from memory alone.
 */
export class EventRing<E extends { seq: number }> {
  private readonly buf: (E | undefined)[];
  private start = 0;
  private count = 0;
  private baseSeq: number;

  constructor(
    readonly capacity: number,
    base: number,
  ) {
    if (capacity < 1) throw new Error('ring capacity must be ≥ 1');
    this.buf = new Array<E | undefined>(capacity);
    this.baseSeq = base;
  }

  /** Every event after this seq (up to head) is held. */
  get base(): number {
    return this.baseSeq;
  }

  get head(): number {
    return this.count === 0 ? this.baseSeq : this.at(this.count - 1).seq;
  }

  get size(): number {
    return this.count;
  }

  /** Appends events with seq > head, in order (others are ignored). */
  push(events: readonly E[]): void {
    for (const e of events) {
      if (e.seq <= this.head) continue;
      if (this.count === this.capacity) {
        this.baseSeq = this.at(0).seq;
        this.buf[this.start] = undefined;
        this.start = (this.start + 1) % this.capacity;
        this.count--;
      }
      this.buf[(this.start + this.count) % this.capacity] = e;
      this.count++;
    }
  }

  covers(cursor: number): boolean {
    return cursor >= this.baseSeq;
  }

  /** Index of the first held event with seq > cursor (binary search; `size` when none). */
  private indexAfter(cursor: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).seq <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Up to `limit` events with seq > cursor, oldest first. */
  after(cursor: number, limit = Infinity): E[] {
    const out: E[] = [];
    for (let i = this.indexAfter(cursor); i < this.count && out.length < limit; i++) out.push(this.at(i));
    return out;
  }

  countAfter(cursor: number): number {
    return this.count - this.indexAfter(cursor);
  }

  firstAfter(cursor: number): E | undefined {
    const i = this.indexAfter(cursor);
    return i < this.count ? this.at(i) : undefined;
  }

  private at(i: number): E {
    return this.buf[(this.start + i) % this.capacity] as E;
  }
}
