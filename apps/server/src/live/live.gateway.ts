import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  LiveSubscribeRequestSchema,
  SensorSubscribeRequestSchema,
  type LiveBbox,
  type LiveSubscribeRequest,
} from '@ioc/contracts/live.events';
import { Inject } from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthService } from '../auth/auth.service';
import { cutConnection, pendingBytes } from './client-buffer.util';
import { LiveFanoutService } from './live-fanout.service';
import { liveFilter } from './live-filter.util';
import { LiveSensorsService } from './live-sensors.service';
import { LiveSessionsService } from './live-sessions.service';
import type { IocServer, IocSocket } from './live-socket.types';
import { SubscribeLimiter } from './subscribe-limiter.util';

/** Subscribe bookkeeping of one socket. */
interface SocketState {
  limiter: SubscribeLimiter;
  /** The latest request over the rate, run when the limiter allows (latest wins). */
  deferred: LiveSubscribeRequest | null;
  timer: NodeJS.Timeout | null;
  /** The bbox of the socket's latest live:subscribe: sensor:subscribe keeps it. */
  bbox: LiveBbox | null;
}

/**
 * The socket.io endpoint of the live feed (protocol: libs/contracts live.events.ts).
 * Every connection needs an access token in `handshake.auth.token` (HTTP guards do not cover the
 * handshake): a socket.io middleware checks it before the connection is accepted, so a refused client
 * gets `connect_error` "unauthorized" and never joins anything; `handleConnection` then only registers
 * sockets that carry a user. A socket is closed when its token expires, so the client reconnects with a
 * fresh one (and resumes by seq) and a deactivated user drops off.
 *
 * Subscribes are the one thing a client can make the server do at will (each costs a snapshot and maybe a
 * replay), so they are rate-limited per socket (subscribe-limiter.util.ts: over the rate deferred, latest
 * wins; far over it, the socket is cut), and a socket that asks again while more than
 * LIVE_CLIENT_BUFFER_KB of what it was sent is still queued — it is not reading — is cut at once.
 */
// Clients only send small subscribe requests: refuse frames over 64 KiB (socket.io's default is 1 MB).
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger('live');
  @WebSocketServer() server!: IocServer;
  private readonly sockets = new Map<string, SocketState>();
  private readonly maxBytes: number;
  /** deferred: subscribes held back by the rate limit; cut: sockets closed for abuse or not reading. */
  readonly stats = { deferred: 0, cut: 0 };

  constructor(
    private readonly auth: AuthService,
    private readonly fanout: LiveFanoutService,
    private readonly sensors: LiveSensorsService,
    private readonly sessions: LiveSessionsService,
    @Inject(BOOT) boot: BootContext,
  ) {
    this.maxBytes = boot.config.LIVE_CLIENT_BUFFER_KB * 1024;
  }

  afterInit(server: IocServer): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth.authenticate(token).then(
        (a) => {
          // the live feed shows the whole city: a responder's phone reads only its own assignment (REST)
          if (!a.ok || a.user.role === 'responder') return next(new Error('unauthorized'));
          (socket as IocSocket).data.user = a.user;
          const ms = a.expiresAt * 1000 - Date.now();
          const t = setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
          socket.once('disconnect', () => clearTimeout(t));
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
    this.fanout.attach(server);
    this.sensors.attach(server);
    this.sessions.attach(server);
    this.fanout.onDrop((id) => this.sensors.unsubscribe(id));
    // a sensor subscriber over its buffer is dropped like any other slow client (live:resync)
    this.sensors.onOverBuffer((id) => this.fanout.dropSlow(id));
  }

  handleConnection(client: IocSocket): void {
    // Defence in depth: the middleware above refuses unauthenticated handshakes.
    if (!client.data.user) {
      client.disconnect(true);
      return;
    }
    this.fanout.add(client);
    this.sockets.set(client.id, { limiter: new SubscribeLimiter(), deferred: null, timer: null, bbox: null });
    this.log.debug(`client ${client.id} connected as ${client.data.user.username}`);
  }

  handleDisconnect(client: IocSocket): void {
    this.fanout.remove(client.id);
    this.sensors.unsubscribe(client.id);
    const st = this.sockets.get(client.id);
    if (st?.timer) clearTimeout(st.timer);
    this.sockets.delete(client.id);
  }

  @SubscribeMessage('live:subscribe')
  subscribe(@ConnectedSocket() client: IocSocket, @MessageBody() body: unknown): void {
    const a = this.admit(client);
    if (!a) return;
    const parsed = LiveSubscribeRequestSchema.safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      client.emit('live:error', { message: `invalid live:subscribe: [${i.path.join('.')}] ${i.message}` });
      return;
    }
    a.st.bbox = parsed.data.bbox ?? null;
    this.run(client, a, parsed.data);
  }

  /** The sensor layer alone, within the given bbox or the one of the socket's latest live:subscribe. */
  @SubscribeMessage('sensor:subscribe')
  subscribeSensors(@ConnectedSocket() client: IocSocket, @MessageBody() body: unknown): void {
    const a = this.admit(client);
    if (!a) return;
    const parsed = SensorSubscribeRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      client.emit('live:error', { message: `invalid sensor:subscribe: [${i.path.join('.')}] ${i.message}` });
      return;
    }
    if (parsed.data.bbox !== undefined) a.st.bbox = parsed.data.bbox;
    this.run(client, a, { layers: ['sensors'], bbox: a.st.bbox });
  }

  /** Counts a request against the socket's limits; null when the socket was cut instead. */
  private admit(client: IocSocket): { st: SocketState; now: boolean } | null {
    const st = this.sockets.get(client.id);
    if (!st) return null;
    const queued = pendingBytes(client);
    if (queued > this.maxBytes) {
      this.cut(client, `asked again with ${queued} bytes still queued for it (not reading)`);
      return null;
    }
    const verdict = st.limiter.request();
    if (verdict === 'abuse') {
      this.cut(client, 'too many subscribe requests');
      return null;
    }
    return { st, now: verdict === 'now' };
  }

  /** Runs the request now, or defers it (replacing any request deferred before: latest wins). */
  private run(client: IocSocket, a: { st: SocketState; now: boolean }, req: LiveSubscribeRequest): void {
    const { st } = a;
    if (a.now) {
      st.deferred = null;
      if (st.timer) clearTimeout(st.timer);
      st.timer = null;
      void this.start(client, req);
      return;
    }
    st.deferred = req;
    this.stats.deferred++;
    if (!st.timer) this.wake(client, st);
  }

  private wake(client: IocSocket, st: SocketState): void {
    st.timer = setTimeout(() => {
      st.timer = null;
      const req = st.deferred;
      if (!req || !client.connected) return;
      if (!st.limiter.take()) return this.wake(client, st);
      st.deferred = null;
      void this.start(client, req);
    }, st.limiter.waitMs());
  }

  private cut(client: IocSocket, why: string): void {
    this.stats.cut++;
    this.log.warn(`client ${client.id} (${client.data.user?.username ?? '?'}) disconnected: ${why}`);
    cutConnection(client);
  }

  private async start(client: IocSocket, req: LiveSubscribeRequest): Promise<void> {
    const filter = liveFilter(req);
    this.sensors.unsubscribe(client.id);
    try {
      const live = await this.fanout.subscribe(client, req, filter);
      // The snapshot counts against the client's buffer: one still over it gets live:resync instead.
      if (live && filter.layers.has('sensors') && !this.sensors.subscribe(client, filter))
        this.fanout.dropSlow(client.id);
    } catch (e) {
      this.log.warn(`subscribe of ${client.id} failed: ${(e as Error).message}`);
      client.emit('live:error', { message: 'subscribe failed, try again' });
    }
  }
}
