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
import { LiveSubscribeRequestSchema, type LiveSubscribeRequest } from '@ioc/contracts/live.events';
import { AuthService } from '../auth/auth.service';
import { LiveFanoutService } from './live-fanout.service';
import { liveFilter } from './live-filter.util';
import { LiveSensorsService } from './live-sensors.service';
import type { IocServer, IocSocket } from './live-socket.types';

/**
 * The socket.io endpoint of the live feed (protocol: libs/contracts live.events.ts).
 * Every connection needs an access token in `handshake.auth.token` (HTTP guards do not cover the
 * handshake): a socket.io middleware checks it before the connection is accepted, so a refused client
 * gets `connect_error` "unauthorized" and never joins anything; `handleConnection` then only registers
 * sockets that carry a user. A socket is closed when its token expires, so the client reconnects with a
 * fresh one (and resumes by seq) and a deactivated user drops off.
 */
// Clients only send small subscribe requests: refuse frames over 64 KiB (socket.io's default is 1 MB).
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger('live');
  @WebSocketServer() server!: IocServer;

  constructor(
    private readonly auth: AuthService,
    private readonly fanout: LiveFanoutService,
    private readonly sensors: LiveSensorsService,
  ) {}

  afterInit(server: IocServer): void {
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
    this.fanout.attach(server);
    this.sensors.attach(server);
    this.fanout.onDrop((id) => this.sensors.unsubscribe(id));
  }

  handleConnection(client: IocSocket): void {
    // Defence in depth: the middleware above refuses unauthenticated handshakes.
    if (!client.data.user) {
      client.disconnect(true);
      return;
    }
    this.fanout.add(client);
    this.log.debug(`client ${client.id} connected as ${client.data.user.username}`);
  }

  handleDisconnect(client: IocSocket): void {
    this.fanout.remove(client.id);
    this.sensors.unsubscribe(client.id);
  }

  @SubscribeMessage('live:subscribe')
  async subscribe(@ConnectedSocket() client: IocSocket, @MessageBody() body: unknown): Promise<void> {
    const parsed = LiveSubscribeRequestSchema.safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      client.emit('live:error', { message: `invalid live:subscribe: [${i.path.join('.')}] ${i.message}` });
      return;
    }
    await this.start(client, parsed.data);
  }

  @SubscribeMessage('sensor:subscribe')
  async subscribeSensors(@ConnectedSocket() client: IocSocket): Promise<void> {
    await this.start(client, { layers: ['sensors'] });
  }

  private async start(client: IocSocket, req: LiveSubscribeRequest): Promise<void> {
    const filter = liveFilter(req);
    this.sensors.unsubscribe(client.id);
    try {
      const live = await this.fanout.subscribe(client, req, filter);
      if (live && filter.layers.has('sensors')) this.sensors.subscribe(client, filter);
    } catch (e) {
      this.log.warn(`subscribe of ${client.id} failed: ${(e as Error).message}`);
      client.emit('live:error', { message: 'subscribe failed, try again' });
    }
  }
}
