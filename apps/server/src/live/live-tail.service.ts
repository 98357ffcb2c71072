import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LIVE_EVENTS_CHANNEL, type LiveEvent } from '@ioc/contracts/live-event.schema';
import { BOOT, type BootContext } from '../config/boot.context';
import { EventRing } from './event-ring.util';
import { LiveEventsRepository } from '../outbox/live-events.repository';
import { LiveListener } from './live.listener';

/** Rows per read of the outbox. */
const READ_PAGE = 1000;

export type TailListener = (events: LiveEvent[], head: number) => void;

/**
 * The instance's one reader of the `live_events` outbox, shared by all its clients: LISTEN is the
 * wake-up, reads go by seq (`seq > head`), and a slow poll covers lost notifications and LISTEN
 * reconnects. Appends commit in seq order (appendLiveEvents holds a lock until commit), so reading
 * `seq > head` never skips a row that commits later. Whatever instance wrote an event, every instance
 * reads it here. The newest events stay in a ring so reconnecting clients are caught up from memory.
 */
@Injectable()
export class LiveTailService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live-tail');
  private ring!: EventRing<LiveEvent>;
  private readonly listeners = new Set<TailListener>();
  private reading = false;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private listener: LiveListener | null = null;
  private waiters: { seq: number; resolve: (ok: boolean) => void }[] = [];
  private stopped = false;
  /** Reads done and events taken in (health, tests, bench). */
  readonly stats = { reads: 0, events: 0, notifies: 0 };

  constructor(
    private readonly repo: LiveEventsRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  async onModuleInit(): Promise<void> {
    // Clients of this instance start from now; older history is served from the database on replay.
    this.ring = new EventRing<LiveEvent>(this.boot.config.LIVE_REPLAY_MAX_EVENTS, await this.repo.lastSeq());
    this.listener = new LiveListener({
      url: this.boot.databaseUrl,
      channel: LIVE_EVENTS_CHANNEL,
      onNotify: (payload) => {
        this.stats.notifies++;
        // The payload is the writer's highest new seq: nothing to read if we are already past it.
        const seq = Number(payload);
        if (!Number.isFinite(seq) || seq > this.head) this.pump();
      },
      onListening: () => this.pump(),
      log: (m) => this.log.warn(m),
    });
    await this.listener.start();
    this.poll = setInterval(() => this.pump(), this.boot.config.LIVE_POLL_MS);
  }

  /** Highest seq this instance has read (and fanned out). */
  get head(): number {
    return this.ring.head;
  }

  /** The in-memory window: every event with `base < seq ≤ head`. */
  get events(): EventRing<LiveEvent> {
    return this.ring;
  }

  /** Listeners run synchronously, in seq order, once per read batch. */
  onEvents(l: TailListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Resolves true once head ≥ seq (reading now), false after the timeout. */
  reach(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.head >= seq) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w = { seq, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(false);
      }, timeoutMs).unref();
      this.pump();
    });
  }

  /** Reads until nothing is left; a wake-up during a read makes it read again (single flight). */
  pump(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const events = await this.repo.since(this.head, READ_PAGE);
            this.stats.reads++;
            if (events.length > 0) this.accept(events);
            if (events.length < READ_PAGE || this.stopped) break;
          }
        } while (this.again && !this.stopped);
      } catch (e) {
        // The next notification or poll tries again from the same head: nothing is skipped.
        if (!this.stopped) this.log.warn(`reading live_events failed: ${(e as Error).message}`);
      } finally {
        this.reading = false;
      }
    })();
  }

  private accept(events: LiveEvent[]): void {
    this.ring.push(events);
    this.stats.events += events.length;
    const head = this.head;
    for (const l of this.listeners) {
      try {
        l(events, head);
      } catch (e) {
        this.log.error(`live fan-out failed: ${(e as Error).stack ?? String(e)}`);
      }
    }
    if (this.waiters.length) {
      const done = this.waiters.filter((w) => w.seq <= head);
      this.waiters = this.waiters.filter((w) => w.seq > head);
      for (const w of done) w.resolve(true);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.listener?.close();
  }
}
