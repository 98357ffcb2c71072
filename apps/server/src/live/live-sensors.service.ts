import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import type { Subscription } from 'rxjs';
import { BOOT, type BootContext } from '../config/boot.context';
import { SensorStateService } from '../state/sensor-state.service';
import { canSendNow, pendingBytes } from './client-buffer.util';
import { DeviceLocationsService } from './device-locations.service';
import { inBbox, type LiveFilter } from './live-filter.util';
import type { IocServer, IocSocket } from './live-socket.types';

interface SensorSubscriber {
  socket: IocSocket;
  filter: LiveFilter;
  /** Devices changed while this client could not take a delta; sent (newest values) when it can. */
  missed: Set<string> | null;
}

/**
 * Sensor state to clients: a snapshot on subscribe, then one delta batch per LIVE_DELTA_MS (≥ 500 ms, so
 * ≤ 2/s per client) with the newest value of every device that changed. Deltas are volatile: a client
 * whose transport is busy is skipped rather than queued, and remembers which devices it missed, so its
 * next batch carries their newest values (latest wins, nothing stale is ever queued behind a backlog).
 */
@Injectable()
export class LiveSensorsService implements OnModuleInit, OnModuleDestroy {
  private server: IocServer | null = null;
  private readonly subs = new Map<string, SensorSubscriber>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sub: Subscription | null = null;
  private overListener: ((socketId: string) => void) | null = null;
  private readonly maxBytes: number;
  readonly stats = { batches: 0, skipped: 0 };

  constructor(
    private readonly state: SensorStateService,
    private readonly locations: DeviceLocationsService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    this.maxBytes = boot.config.LIVE_CLIENT_BUFFER_KB * 1024;
  }

  onModuleInit(): void {
    this.sub = this.state.changed$.subscribe((ids) => {
      if (this.subs.size > 0) for (const id of ids) this.dirty.add(id);
    });
    this.timer = setInterval(() => this.flush(), this.boot.config.LIVE_DELTA_MS);
  }

  attach(server: IocServer): void {
    this.server = server;
  }

  /** Called for a subscriber whose queue is over LIVE_CLIENT_BUFFER_KB (the gateway drops it: live:resync). */
  onOverBuffer(l: (socketId: string) => void): void {
    this.overListener = l;
  }

  /**
   * Sends the snapshot (within the filter's bbox) and starts the deltas; false — and nothing sent — when
   * the client's queue is already over the buffer: a snapshot counts against it like everything else.
   */
  subscribe(socket: IocSocket, filter: LiveFilter): boolean {
    // gone while its subscribe was under way: keep nothing of it (its disconnect cleanup already ran)
    if (!socket.connected) return true;
    if (pendingBytes(socket) > this.maxBytes) return false;
    this.subs.set(socket.id, { socket, filter, missed: null });
    socket.emit('sensor:snapshot', { states: this.select(this.state.all(), filter) });
    return true;
  }

  unsubscribe(socketId: string): void {
    this.subs.delete(socketId);
  }

  private select(states: Iterable<SensorState>, f: LiveFilter): SensorState[] {
    const out: SensorState[] = [];
    for (const s of states) if (inBbox(f.bbox, this.locations.locate(s.deviceId))) out.push(s);
    return out;
  }

  private statesOf(ids: Iterable<string>, f: LiveFilter): SensorState[] {
    const out: SensorState[] = [];
    for (const id of ids) {
      const s = this.state.get(id);
      if (s && inBbox(f.bbox, this.locations.locate(id))) out.push(s);
    }
    return out;
  }

  flush(): void {
    if (!this.server || this.subs.size === 0) {
      this.dirty.clear();
      return;
    }
    const changed = [...this.dirty];
    this.dirty.clear();
    // Clients in step share one encoded message per filter.
    const inStep = new Map<string, { filter: LiveFilter; ids: string[] }>();
    const over: string[] = [];
    for (const s of this.subs.values()) {
      const queued = pendingBytes(s.socket);
      if (queued > this.maxBytes) {
        over.push(s.socket.id);
        continue;
      }
      if (!canSendNow(s.socket) || queued > this.maxBytes / 4) {
        if (changed.length) {
          s.missed ??= new Set();
          for (const id of changed) s.missed.add(id);
          this.stats.skipped++;
        }
        continue;
      }
      if (s.missed) {
        for (const id of changed) s.missed.add(id);
        const states = this.statesOf(s.missed, s.filter);
        s.missed = null;
        if (states.length) s.socket.volatile.emit('sensor:delta', { states });
        continue;
      }
      if (changed.length === 0) continue;
      let g = inStep.get(s.filter.key);
      if (!g) inStep.set(s.filter.key, (g = { filter: s.filter, ids: [] }));
      g.ids.push(s.socket.id);
    }
    for (const g of inStep.values()) {
      const states = this.statesOf(changed, g.filter);
      if (states.length === 0) continue;
      this.server.to(g.ids).volatile.emit('sensor:delta', { states });
      this.stats.batches++;
    }
    for (const id of over) {
      this.subs.delete(id);
      this.overListener?.(id);
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
  }
}
