import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { io, type Socket } from 'socket.io-client';
import { auth } from './auth.session';
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
 * The access token goes in the handshake (read anew on every attempt). The server refuses a bad token
 * ("unauthorized") and closes the socket when the token expires; socket.io does not retry either by
 * itself, so we refresh the session and connect again (a refused refresh ends the session instead).
 */
export function connectLive(h: LiveHandlers): () => void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: SOCKET_PATH,
    reconnectionDelayMax: 5000,
    auth: (cb) => cb({ token: auth.accessToken() }),
  });
  let closed = false;
  // Bounded: a token refused again right after a refresh (say, instances with different JWT_SECRETs)
  // must not turn into a refresh loop.
  let reauths = 0;
  const reauthenticate = (force: boolean) => {
    if (++reauths > 2) return;
    void (force ? auth.refresh() : auth.ensureFresh()).then((ok) => {
      if (ok && !closed) socket.connect();
    });
  };
  let state = INITIAL_CONNECTION;
  const on = (e: ConnectionEvent) => {
    const next = nextConnectionState(state, e);
    if (next.status !== state.status) h.onStatus(next.status);
    state = next;
  };

  socket.on('connect', () => {
    reauths = 0;
    socket.emit('sensor:subscribe');
    on({ type: 'connected' });
  });
  socket.on('disconnect', (reason) => {
    on({ type: 'disconnected' });
    if (reason === 'io server disconnect') reauthenticate(false);
  });
  socket.on('connect_error', (e) => {
    on({ type: 'attempt_failed' });
    if (e.message === 'unauthorized') reauthenticate(true);
  });
  socket.on('sensor:snapshot', ({ states }) => h.onSnapshot(states));
  socket.on('sensor:delta', ({ states }) => h.onDelta(states));

  const offline = () => on({ type: 'browser_offline' });
  const online = () => on({ type: 'browser_online' });
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  h.onStatus(state.status);

  return () => {
    closed = true;
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    socket.removeAllListeners();
    socket.close();
  };
}
