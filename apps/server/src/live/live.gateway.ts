import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
} from '@nestjs/websockets';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import type { Server, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import { BOOT, type BootContext } from '../app/boot.context';
import { SensorStateService } from '../state/sensor-state.service';

type IocServer = Server<ClientToServerEvents, ServerToClientEvents>;
type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

const SENSORS_ROOM = 'sensors';

/**
 * Pushes sensor state to consoles: a snapshot on subscribe, then deltas batched every
 * LIVE_DELTA_MS (latest value wins), sent volatile so a slow client is never buried.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class LiveGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live');
  @WebSocketServer() server!: IocServer;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sub: Subscription | null = null;

  constructor(
    private readonly state: SensorStateService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  onModuleInit(): void {
    this.sub = this.state.changed$.subscribe((ids) => ids.forEach((id) => this.dirty.add(id)));
    this.timer = setInterval(() => this.flush(), this.boot.config.LIVE_DELTA_MS);
  }

  handleConnection(client: IocSocket): void {
    this.log.debug(`client ${client.id} connected`);
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
