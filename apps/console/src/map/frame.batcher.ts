export interface FrameBatcherOptions {
  /** Runs a callback on the next animation frame. */
  frame?: (cb: () => void) => unknown;
  /** Runs a callback after `ms` (used to honour minIntervalMs). */
  delay?: (cb: () => void, ms: number) => unknown;
  now?: () => number;
  /** Least time between two flushes; 0 = every frame. */
  minIntervalMs?: number;
}

/**
 * Collects keys between flushes and flushes them at most once per animation frame, and no more often
 * than `minIntervalMs`. Every setData makes MapLibre re-tile and re-place labels; on a slow wall-screen
 * PC doing that on every delta keeps the map permanently busy.
 */
export class FrameBatcher<K> {
  private readonly pending = new Set<K>();
  private scheduled = false;
  private stopped = false;
  private lastFlush = -Infinity;
  private readonly frame: (cb: () => void) => unknown;
  private readonly delay: (cb: () => void, ms: number) => unknown;
  private readonly now: () => number;
  private readonly minIntervalMs: number;

  constructor(
    private readonly flush: (keys: ReadonlySet<K>) => void,
    opts: FrameBatcherOptions = {},
  ) {
    this.frame = opts.frame ?? ((cb) => requestAnimationFrame(cb));
    this.delay = opts.delay ?? ((cb, ms) => setTimeout(cb, ms));
    this.now = opts.now ?? (() => performance.now());
    this.minIntervalMs = opts.minIntervalMs ?? 0;
  }

  add(keys: Iterable<K>): void {
    if (this.stopped) return;
    for (const k of keys) this.pending.add(k);
    if (this.scheduled || this.pending.size === 0) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.minIntervalMs - this.now();
    if (wait > 0) this.delay(() => this.frame(() => this.run()), wait);
    else this.frame(() => this.run());
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
    this.lastFlush = this.now();
    this.flush(keys);
  }
}
