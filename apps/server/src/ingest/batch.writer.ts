import { isDataError } from '../db/sql-errors.util';

/**
 * Collects items and writes them in batches (by size or age), retrying failed writes with backoff.
 * An item's `onCommitted` runs only after the batch holding it committed: that is what lets the
 * ingest acknowledge MQTT messages after, and only after, their rows are durable.
 */
export interface BatchWriterOptions<T> {
  name: string;
  maxBatch: number;
  maxAgeMs: number;
  write: (items: T[]) => Promise<void>;
  onError?: (e: Error, attempt: number) => void;
  /** Called after each committed batch, with the items and the commit latency. */
  onBatch?: (items: T[], ms: number) => void;
  /**
   * An item the database refuses for its content (not for being unreachable). It is isolated by
   * bisecting the batch and handed over here — typically to become a dead letter — so one bad row
   * can neither block the stream forever nor take good rows down with it. `onCommitted` must be
   * called once the item is safely stored elsewhere.
   */
  onPoison?: (item: T, error: Error, onCommitted: () => void) => void;
  /** Called once a batch has fully left the writer (depth already lowered), committed or not. */
  afterBatch?: () => void;
  /** Batches written at the same time (on separate connections); for idempotent, order-free rows. */
  concurrency?: number;
}

interface Entry<T> {
  item: T;
  onCommitted?: () => void;
}

export class BatchWriter<T> {
  private queue: Entry<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private inflightItems = 0;
  private closed = false;
  private readonly poisoned = new Set<Entry<T>>();
  private readonly concurrency: number;

  constructor(private readonly opts: BatchWriterOptions<T>) {
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
  }

  /** Items waiting or being written; the ingest uses it to apply backpressure. */
  get depth(): number {
    return this.queue.length + this.inflightItems;
  }

  push(item: T, onCommitted?: () => void): void {
    this.queue.push({ item, onCommitted });
    if (this.queue.length >= this.opts.maxBatch) {
      // With every slot busy the next batch to finish starts this one (arm): kicking here would only
      // clear and re-arm the timer for every item of a backlog.
      if (this.inflight.size < this.concurrency) this.kick(false);
    } else if (!this.timer) this.timer = setTimeout(() => this.kick(true), this.opts.maxAgeMs);
  }

  /** Starts batches while slots are free: full ones always, a partial one only when its time is up. */
  private kick(partial: boolean): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (
      this.inflight.size < this.concurrency &&
      this.queue.length > 0 &&
      (partial || this.queue.length >= this.opts.maxBatch)
    ) {
      this.start(this.queue.splice(0, this.batchSize()));
    }
    this.arm();
  }

  /**
   * `maxBatch`, growing with the backlog up to 4×: when more rows wait than all writers take in one
   * round, fewer and larger statements drain it faster (per-statement overhead is paid once per batch).
   */
  private batchSize(): number {
    const { maxBatch } = this.opts;
    const backlog = this.queue.length;
    if (backlog <= maxBatch * this.concurrency) return maxBatch;
    return Math.min(maxBatch * 4, Math.ceil(backlog / this.concurrency));
  }

  /** A full batch starts as soon as a slot is free (a pending age timer must not hold it back). */
  private arm(): void {
    if (this.closed || this.queue.length === 0) return;
    if (this.queue.length >= this.opts.maxBatch && this.inflight.size < this.concurrency) this.kick(false);
    else if (!this.timer) this.timer = setTimeout(() => this.kick(true), this.opts.maxAgeMs);
  }

  private start(batch: Entry<T>[]): void {
    this.inflightItems += batch.length;
    const p: Promise<void> = this.writeWithRetry(batch).finally(() => {
      this.inflight.delete(p);
      this.inflightItems -= batch.length;
      this.arm();
      this.opts.afterBatch?.();
    });
    this.inflight.add(p);
  }

  private async writeWithRetry(batch: Entry<T>[]): Promise<void> {
    let attempt = 0;
    let delay = 0;
    // A database outage must not lose or ack anything: keep retrying the same batch with backoff.
    for (;;) {
      const t0 = performance.now();
      try {
        await this.writeResilient(batch);
        this.opts.onBatch?.(
          batch.map((e) => e.item),
          performance.now() - t0,
        );
        break;
      } catch (e) {
        attempt++;
        this.opts.onError?.(e as Error, attempt);
        // Closing with the database down: nothing was acknowledged, the broker redelivers after restart.
        if (this.closed) return;
        delay = Math.min(5000, Math.max(100, delay * 2));
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    for (const e of batch) if (!this.poisoned.delete(e)) e.onCommitted?.();
  }

  private async writeResilient(entries: Entry<T>[]): Promise<void> {
    const live = entries.filter((e) => !this.poisoned.has(e));
    if (live.length === 0) return;
    try {
      await this.opts.write(live.map((e) => e.item));
    } catch (e) {
      if (!isDataError(e) || !this.opts.onPoison) throw e;
      if (live.length === 1) {
        this.poisoned.add(live[0]);
        this.opts.onPoison(live[0].item, e as Error, () => live[0].onCommitted?.());
        return;
      }
      const mid = Math.ceil(live.length / 2);
      await this.writeResilient(live.slice(0, mid));
      await this.writeResilient(live.slice(mid));
    }
  }

  /** Writes whatever is queued; used on shutdown so an orderly stop loses nothing. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.inflight.size > 0) {
      this.kick(true);
      await Promise.all([...this.inflight]);
    }
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
