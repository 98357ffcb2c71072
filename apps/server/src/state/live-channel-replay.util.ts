/**
 * Replay protection for signed channel messages. A signed message stays valid forever, so a copy
 * re-published later must be refused:
 *  - its send time (`sent`, the sender's clock) must be within `windowMs` of ours, and
 *  - within one sender boot, `seq` must be above every seq already accepted from that boot.
 * A sender's boots are remembered for 2 × window after their last message, so any replay of a boot we
 * have heard from is refused by seq, and any older one by time. The one replay that can pass is a copy
 * sent within the window of a boot this receiver never heard from (e.g. the receiver just restarted):
 * it carries the sender's newest states of at most `windowMs` ago, and the state merge is newer-wins per
 * metric, so it cannot move any value backwards — at worst it delivers a value the receiver had missed.
 */
export type ReplayVerdict = 'ok' | 'stale' | 'future' | 'replayed';

export class ReplayGuard {
  private readonly seen = new Map<string, { seq: number; at: number }>();
  private lastPrune = 0;

  constructor(private readonly windowMs: number) {}

  check(m: { src: string; boot: string; seq: number; sent: number }, now = Date.now()): ReplayVerdict {
    if (m.sent < now - this.windowMs) return 'stale';
    if (m.sent > now + this.windowMs) return 'future';
    const key = `${m.src}|${m.boot}`;
    const last = this.seen.get(key);
    if (last && m.seq <= last.seq) return 'replayed';
    this.seen.set(key, { seq: m.seq, at: now });
    if (now - this.lastPrune > this.windowMs) this.prune(now);
    return 'ok';
  }

  private prune(now: number): void {
    this.lastPrune = now;
    for (const [k, v] of this.seen) if (v.at < now - 2 * this.windowMs) this.seen.delete(k);
  }

  /** Boots currently remembered (tests). */
  get size(): number {
    return this.seen.size;
  }
}
