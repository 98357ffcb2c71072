import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { io, type Socket } from 'socket.io-client';
import {
  INITIAL_CONNECTION,
  nextConnectionState,
  type ConnectionEvent,
  type ConnectionStatus,
} from './connection.status';

export interface LiveHandlers {
  onSnapshot(states: SensorState[]): void;
  onDelta(states: SensorState[]): void;
  onStatus(status: ConnectionStatus): void;
}

/**
 * The live feed: same-origin socket.io. Subscribes on every (re)connect, so after a drop the server's
 * fresh snapshot replaces whatever was missed. Returns a function that closes it.
 */
export function connectLive(h: LiveHandlers): () => void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: SOCKET_PATH,
    reconnectionDelayMax: 5000,
  });
  let state = INITIAL_CONNECTION;
  const on = (e: ConnectionEvent) => {
    const next = nextConnectionState(state, e);
    if (next.status !== state.status) h.onStatus(next.status);
    state = next;
  };

  socket.on('connect', () => {
    socket.emit('sensor:subscribe');
    on({ type: 'connected' });
  });
  socket.on('disconnect', () => on({ type: 'disconnected' }));
  socket.on('connect_error', () => on({ type: 'attempt_failed' }));
  socket.on('sensor:snapshot', ({ states }) => h.onSnapshot(states));
  socket.on('sensor:delta', ({ states }) => h.onDelta(states));

  const offline = () => on({ type: 'browser_offline' });
  const online = () => on({ type: 'browser_online' });
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  h.onStatus(state.status);

  return () => {
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    socket.removeAllListeners();
    socket.close();
  };
}
