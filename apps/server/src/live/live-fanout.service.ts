import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import type { LiveSubscribeRequest } from '@ioc/contracts/live.events';
import { BOOT, type BootContext } from '../config/boot.context';
import { pendingBytes } from './client-buffer.util';
import { DeviceLocationsService } from './device-locations.service';
import { LiveEventsRepository } from '../outbox/live-events.repository';
import { matchesEvent, type LiveFilter } from './live-filter.util';
import { LiveReadRepository } from './live-read.repository';
import type { IocServer, IocSocket } from './live-socket.types';
import { LiveTailService } from './live-tail.service';

/** Events per replayed message. */
const REPLAY_PAGE = 500;
/** How long a replay waits for a client to take what was already sent before calling it slow. */
const REPLAY_DRAIN_TIMEOUT_MS = 15_000;
/** Watermark for subscribers whose filter skipped recent events (their lastSeq stays useful). */
const WATERMARK_MS = 5_000;

interface Subscriber {
  socket: IocSocket;
  /** Bumped by every subscribe/drop: a replay still running for an older one stops. */
  gen: number;
  filter: LiveFilter | null;
  /** The group this subscriber receives live events with; null while replaying or dropped. */
  group: Group | null;
}

/** Live subscribers with one filter: one room, so each batch is encoded once for all of them. */
interface Group {
  filter: LiveFilter;
  room: string;
  members: number;
  /** Highest seq this group was told about (events or watermark). */
  sentSeq: number;
}

/**
 * Durable events to clients: replay after a reconnect, then live delivery from the shared tail.
 *
 * Gap-free and duplicate-free handoff: a subscriber is replayed by seq (from the tail's in-memory ring
 * when it covers the cursor, else from the database in pages, keeping only rows the tail has already
 * read). The last step — sending the ring's events after the cursor and joining the live room — runs
 * synchronously, and the tail fans each batch out synchronously too, so no batch can fall between
 * "replayed" and "live" and none is delivered by both.
 *
 * Slow clients: after every live batch each subscriber's queued bytes are checked; one over
 * LIVE_CLIENT_BUFFER_KB leaves live delivery and is told to resync (it subscribes again with its lastSeq
 * and the replay, which waits for the client to drain between pages, fills the gap).
 */
@Injectable()
export class LiveFanoutService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live');
  private server: IocServer | null = null;
  private readonly subs = new Map<string, Subscriber>();
  private readonly groups = new Map<string, Group>();
  private offTail: (() => void) | null = null;
  private watermark: NodeJS.Timeout | null = null;
  private dropListener: ((socketId: string) => void) | null = null;
  private readonly maxBytes: number;
  readonly stats = { subscribes: 0, replayed: 0, reloads: 0, resyncs: 0, batches: 0 };

  constructor(
    private readonly tail: LiveTailService,
    private readonly events: LiveEventsRepository,
    private readonly read: LiveReadRepository,
    private readonly locations: DeviceLocationsService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    this.maxBytes = boot.config.LIVE_CLIENT_BUFFER_KB * 1024;
  }

  onModuleInit(): void {
    this.offTail = this.tail.onEvents((events, head) => this.fanOut(events, head));
    this.watermark = setInterval(() => this.sendWatermarks(), WATERMARK_MS);
  }

  attach(server: IocServer): void {
    this.server = server;
  }

  /** Called when a subscriber is dropped for being slow (the gateway stops its sensor deltas too). */
  onDrop(l: (socketId: string) => void): void {
    this.dropListener = l;
  }

  add(socket: IocSocket): void {
    this.subs.set(socket.id, { socket, gen: 0, filter: null, group: null });
  }

  remove(socketId: string): void {
    const sub = this.subs.get(socketId);
    if (!sub) return;
    sub.gen++;
    this.leave(sub);
    this.subs.delete(socketId);
  }

  /** Subscribers currently receiving live events (tests, health). */
  get liveCount(): number {
    let n = 0;
    for (const s of this.subs.values()) if (s.group) n++;
    return n;
  }

  /**
   * Replays what the client missed after `req.lastSeq` (bounded), then makes it live. Resolves false when
   * the subscribe was superseded (another subscribe, a drop, a disconnect) before it went live.
   */
  async subscribe(socket: IocSocket, req: LiveSubscribeRequest, filter: LiveFilter): Promise<boolean> {
    const sub = this.subs.get(socket.id);
    if (!sub) return false;
    const gen = ++sub.gen;
    this.leave(sub);
    sub.filter = filter;
    this.stats.subscribes++;
    const current = () => sub.gen === gen && socket.connected;
    const cfg = this.boot.config;
    const maxEvents = cfg.LIVE_REPLAY_MAX_EVENTS;

    if (req.lastSeq === undefined || req.lastSeq === null) {
      this.goLive(sub, this.tail.head, 0, false);
      return true;
    }
    let cursor = req.lastSeq;

    // A cursor ahead of this instance: another instance served it. Wait until we have read that far;
    // one the database never issued means the database was reset: reload.
    if (cursor > this.tail.head) {
      const dbHead = await this.events.lastSeq();
      if (!current()) return false;
      const reached = cursor <= dbHead && (await this.tail.reach(cursor, 10_000));
      if (!current()) return false;
      if (!reached) return this.reload(sub);
    }

    const ring = this.tail.events;
    const window = ring.covers(cursor)
      ? { count: ring.countAfter(cursor), firstTime: ring.firstAfter(cursor)?.time ?? null }
      : await this.read.replayWindow(cursor, maxEvents + 1);
    if (!current()) return false;
    const tooOld =
      window.firstTime !== null &&
      Date.parse(window.firstTime) < Date.now() - cfg.LIVE_REPLAY_MAX_AGE_S * 1000;
    if (window.count > maxEvents || tooOld) return this.reload(sub);

    let replayed = 0;
    for (;;) {
      let page: LiveEvent[];
      const mem = this.tail.events;
      if (mem.covers(cursor)) {
        if (mem.countAfter(cursor) <= REPLAY_PAGE) {
          // The handoff: the rest from memory and into the live room, with no await in between.
          replayed += this.sendReplay(sub, mem.after(cursor));
          this.goLive(sub, mem.head, replayed, false);
          return true;
        }
        page = mem.after(cursor, REPLAY_PAGE);
      } else {
        const rows = await this.events.since(cursor, REPLAY_PAGE);
        if (!current()) return false;
        // Rows beyond what the tail has read are left to the ring: the handoff then stays in one place.
        const head = this.tail.head;
        page = rows.filter((e) => e.seq <= head);
        if (page.length === 0) {
          if (this.tail.events.covers(cursor)) continue;
          // What lies between the cursor and the ring is no longer in the database (retention).
          return this.reload(sub);
        }
      }
      replayed += this.sendReplay(sub, page);
      cursor = page[page.length - 1].seq;
      if (pendingBytes(socket) > this.maxBytes / 2) {
        const drained = await this.drain(socket, this.maxBytes / 4, REPLAY_DRAIN_TIMEOUT_MS);
        if (!current()) return false;
        if (!drained) {
          this.drop(sub);
          return false;
        }
      }
      if (!current()) return false;
    }
  }

  private sendReplay(sub: Subscriber, page: LiveEvent[]): number {
    if (page.length === 0) return 0;
    const filter = sub.filter!;
    const locate = this.locations.locate;
    const events = page.filter((e) => matchesEvent(filter, e, locate));
    if (events.length > 0) {
      sub.socket.emit('live:events', { events, seq: page[page.length - 1].seq, replay: true });
    }
    this.stats.replayed += events.length;
    return events.length;
  }

  /** Live from the tail's head; the client is told to reload its snapshot (nothing replayed). */
  private reload(sub: Subscriber): true {
    this.stats.reloads++;
    this.goLive(sub, this.tail.head, 0, true);
    return true;
  }

  private goLive(sub: Subscriber, seq: number, replayed: number, reload: boolean): void {
    const filter = sub.filter!;
    let g = this.groups.get(filter.key);
    if (!g) {
      g = { filter, room: `live:${filter.key}`, members: 0, sentSeq: seq };
      this.groups.set(filter.key, g);
    }
    void sub.socket.join(g.room);
    g.members++;
    sub.group = g;
    const cfg = this.boot.config;
    sub.socket.emit('live:subscribed', {
      seq,
      replayed,
      reload,
      replayLimit: { events: cfg.LIVE_REPLAY_MAX_EVENTS, seconds: cfg.LIVE_REPLAY_MAX_AGE_S },
    });
  }

  private leave(sub: Subscriber): void {
    const g = sub.group;
    if (!g) return;
    sub.group = null;
    void sub.socket.leave(g.room);
    if (--g.members <= 0) this.groups.delete(g.filter.key);
  }

  /** One tail batch to every live group: filtered and encoded once per group. */
  private fanOut(events: LiveEvent[], head: number): void {
    if (!this.server || this.groups.size === 0) return;
    const locate = this.locations.locate;
    for (const g of this.groups.values()) {
      const f = g.filter;
      const everything =
        !f.bbox && f.layers.has('incidents') && f.layers.has('units') && f.layers.has('cameras');
      const matched = everything ? events : events.filter((e) => matchesEvent(f, e, locate));
      if (matched.length === 0) continue;
      this.server.to(g.room).emit('live:events', { events: matched, seq: head });
      g.sentSeq = head;
      this.stats.batches++;
    }
    // Queued beyond the bound → out of live delivery; the others are not held back by it.
    for (const sub of this.subs.values()) {
      if (sub.group && pendingBytes(sub.socket) > this.maxBytes) this.drop(sub);
    }
  }

  /** Drops a client whose queue is over the bound for another reason (its sensor snapshot or deltas). */
  dropSlow(socketId: string): void {
    const sub = this.subs.get(socketId);
    if (sub) this.drop(sub);
  }

  private drop(sub: Subscriber): void {
    sub.gen++;
    this.leave(sub);
    this.stats.resyncs++;
    this.log.warn(
      `client ${sub.socket.id} cannot keep up (${pendingBytes(sub.socket)} bytes queued): resync`,
    );
    sub.socket.emit('live:resync', { reason: 'slow_client', seq: this.tail.head });
    this.dropListener?.(sub.socket.id);
  }

  /** Polls the client's queue until it is below `bytes` (false on timeout or disconnect). */
  private async drain(socket: IocSocket, bytes: number, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (socket.connected && pendingBytes(socket) > bytes) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return socket.connected;
  }

  private sendWatermarks(): void {
    if (!this.server) return;
    const head = this.tail.head;
    for (const g of this.groups.values()) {
      if (g.sentSeq >= head) continue;
      g.sentSeq = head;
      this.server.to(g.room).volatile.emit('live:seq', { seq: head });
    }
  }

  onModuleDestroy(): void {
    this.offTail?.();
    if (this.watermark) clearInterval(this.watermark);
  }
}
