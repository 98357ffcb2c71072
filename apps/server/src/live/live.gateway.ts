import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import type { Server, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import { BOOT, type BootContext } from '../app/boot.context';
import { AuthService } from '../auth/auth.service';
import { SensorStateService } from '../state/sensor-state.service';

type IocServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, { user?: AuthUser }>;

const SENSORS_ROOM = 'sensors';

/**
 * Pushes sensor state to consoles: a snapshot on subscribe, then deltas batched every
 * LIVE_DELTA_MS (latest value wins), sent volatile so a slow client is never buried.
 * Every connection needs an access token in `handshake.auth.token` (HTTP guards do not cover the
 * handshake); without one the client gets `connect_error` "unauthorized". A socket is closed when its
 * token expires, so the client reconnects with a fresh one and a deactivated user drops off.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live');
  @WebSocketServer() server!: IocServer;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sub: Subscription | null = null;

  constructor(
    private readonly state: SensorStateService,
    private readonly auth: AuthService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  afterInit(server: IocServer): void {
    // A middleware runs before the connection is accepted: a refused client never joins any room.
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth.authenticate(token).then(
        (a) => {
          if (!a.ok) return next(new Error('unauthorized'));
          (socket as IocSocket).data.user = a.user;
          const ms = a.expiresAt * 1000 - Date.now();
          const t = setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
          socket.once('disconnect', () => clearTimeout(t));
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }

  onModuleInit(): void {
    this.sub = this.state.changed$.subscribe((ids) => ids.forEach((id) => this.dirty.add(id)));
    this.timer = setInterval(() => this.flush(), this.boot.config.LIVE_DELTA_MS);
  }

  handleConnection(client: IocSocket): void {
    this.log.debug(`client ${client.id} connected as ${client.data.user?.username ?? '?'}`);
  }

  @SubscribeMessage('sensor:subscribe')
  subscribeSensors(@ConnectedSocket() client: IocSocket): void {
    void client.join(SENSORS_ROOM);
    client.emit('sensor:snapshot', { states: this.state.all() });
  }

  private flush(): void {
    if (this.dirty.size === 0 || !this.server) return;
    const states = [...this.dirty].map((id) => this.state.get(id)).filter((s) => s !== undefined);
    this.dirty.clear();
    this.server.to(SENSORS_ROOM).volatile.emit('sensor:delta', { states });
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
  }
}
