import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import type { Server, Socket } from 'socket.io';

export interface LiveSocketData {
  user?: AuthUser;
}

export type IocServer = Server<ClientToServerEvents, ServerToClientEvents, never, LiveSocketData>;
export type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, never, LiveSocketData>;
