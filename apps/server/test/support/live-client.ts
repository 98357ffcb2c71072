import { io, type Socket } from 'socket.io-client';
import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import type {
  ClientToServerEvents,
  LiveResync,
  LiveSubscribeRequest,
  LiveSubscribed,
  ServerToClientEvents,
} from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { waitFor } from './test-db';

export type IocClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  event: LiveEvent;
  replay: boolean;
  /** Date.now() when it arrived. */
  at: number;
}

/**
 * A real socket.io client that records everything the live feed sends it, keeping its last seq the way
 * the console does.
 */
export class LiveTestClient {
  readonly socket: IocClient;
  readonly received: Received[] = [];
  readonly subscribed: LiveSubscribed[] = [];
  readonly resyncs: LiveResync[] = [];
  readonly sensorDeltas: { states: SensorState[]; at: number }[] = [];
  snapshot: SensorState[] | null = null;
  lastSeq: number | null = null;

  constructor(url: string, token: string) {
    this.socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
      autoConnect: false,
    });
    this.socket.on('live:events', (b) => {
      const at = Date.now();
      for (const event of b.events) this.received.push({ event, replay: !!b.replay, at });
      this.lastSeq = Math.max(this.lastSeq ?? 0, b.seq);
    });
    this.socket.on('live:seq', ({ seq }) => (this.lastSeq = Math.max(this.lastSeq ?? 0, seq)));
    this.socket.on('live:subscribed', (s) => {
      this.subscribed.push(s);
      this.lastSeq = Math.max(this.lastSeq ?? 0, s.seq);
    });
    this.socket.on('live:resync', (r) => this.resyncs.push(r));
    this.socket.on('sensor:snapshot', ({ states }) => (this.snapshot = states));
    this.socket.on('sensor:delta', ({ states }) => this.sensorDeltas.push({ states, at: Date.now() }));
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
      this.socket.connect();
    });
  }

  /** Subscribes (with `lastSeq` when given) and resolves with the server's `live:subscribed`. */
  async subscribe(req: LiveSubscribeRequest): Promise<LiveSubscribed> {
    const n = this.subscribed.length;
    this.socket.emit('live:subscribe', req);
    return waitFor(() => this.subscribed[n], 30_000, 'live:subscribed');
  }

  seqs(filter: (r: Received) => boolean = () => true): number[] {
    return this.received.filter(filter).map((r) => r.event.seq);
  }

  close(): void {
    this.socket.close();
  }
}

export async function liveClient(url: string, token: string): Promise<LiveTestClient> {
  const c = new LiveTestClient(url, token);
  await c.connect();
  return c;
}

export const ALL_DURABLE: LiveSubscribeRequest['layers'] = ['incidents', 'units', 'cameras'];
