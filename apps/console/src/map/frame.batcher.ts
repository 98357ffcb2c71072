export type FrameScheduler = (cb: () => void) => unknown;

/**
 * Collects keys between frames and flushes them at most once per frame. Live deltas can arrive
 * faster than the map can usefully redraw; one setData per frame keeps the main thread free.
 */
export class FrameBatcher<K> {
  private readonly pending = new Set<K>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly flush: (keys: ReadonlySet<K>) => void,
    private readonly schedule: FrameScheduler = (cb) => requestAnimationFrame(cb),
  ) {}

  add(keys: Iterable<K>): void {
    if (this.stopped) return;
    for (const k of keys) this.pending.add(k);
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    this.schedule(() => this.run());
  }

  /** Drops pending keys; later adds are ignored (component unmounted). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private run(): void {
    this.scheduled = false;
    if (this.stopped || this.pending.size === 0) return;
    const keys = new Set(this.pending);
    this.pending.clear();
    this.flush(keys);
  }
}
