import { Client, escapeIdentifier } from 'pg';

export interface LiveListenerOptions {
  url: string;
  channel: string;
  /** A NOTIFY arrived (payload as sent). */
  onNotify(payload: string): void;
  /** (Re)connected and listening: anything committed meanwhile must be read by seq now. */
  onListening(): void;
  log(message: string): void;
}

/**
 * One dedicated connection (not from the pool: a pooled client would be handed to other queries and
 * LISTEN is per session) that LISTENs for the outbox wake-up. Notifications are only a wake-up: readers
 * always read by seq, so a notification lost while the connection was down costs nothing but latency.
 * Reconnects with backoff; the live tail's slow poll covers the time in between.
 */
export class LiveListener {
  private client: Client | null = null;
  private closed = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: LiveListenerOptions) {}

  /** Resolves after the first attempt (connected or not: boot must not hang on a database blip). */
  async start(): Promise<boolean> {
    return this.connect();
  }

  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<boolean> {
    if (this.closed) return false;
    const c = new Client({
      connectionString: this.o.url,
      application_name: 'ioc-live-listen',
      keepAlive: true,
    });
    let failed = false;
    const fail = (why: string) => {
      if (failed) return;
      failed = true;
      if (this.client === c) this.client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (this.closed) return;
      // Warned only when the retry is due and the listener still open: at shutdown the database may drop
      // the connection (it got the terminal's Ctrl-C too) a moment before close() is called, which is no loss.
      const delay = this.retryMs;
      this.timer = setTimeout(() => {
        if (this.closed) return;
        this.o.log(`LISTEN connection lost (${why}); reconnecting (after ${delay} ms)`);
        void this.connect();
      }, delay);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
    c.on('notification', (m) => this.o.onNotify(m.payload ?? ''));
    c.on('error', (e) => fail(e.message));
    c.on('end', () => fail('connection ended'));
    try {
      await c.connect();
      await c.query(`LISTEN ${escapeIdentifier(this.o.channel)}`);
    } catch (e) {
      fail((e as Error).message);
      return false;
    }
    if (this.closed) {
      await c.end().catch(() => undefined);
      return false;
    }
    this.client = c;
    this.retryMs = 250;
    this.o.onListening();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
