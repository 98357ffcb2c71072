import {
  LIVE_LAYERS,
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@ioc/contracts/live.events';
import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { io, type Socket } from 'socket.io-client';
import { auth } from './auth.session';
import {
  INITIAL_CONNECTION,
  nextConnectionState,
  type ConnectionEvent,
  type ConnectionStatus,
} from './connection.status';
import {
  INITIAL_LIVE_FEED,
  advanceSeq,
  nextLiveFeedState,
  type LiveFeedEvent,
  type LiveFeedState,
} from './live-feed.status';

export interface LiveHandlers {
  onSnapshot(states: SensorState[]): void;
  onDelta(states: SensorState[]): void;
  onStatus(status: ConnectionStatus): void;
  /** Replay/resync state for the header ("n events replayed", "reloaded", "resyncing"). */
  onFeed?(state: LiveFeedState): void;
  /** Durable events (incidents, units, camera events) in seq order, replayed ones first. */
  onEvents?(events: LiveEvent[], replay: boolean): void;
  /** The gap was beyond the server's replay bound: refetch whatever snapshot the view holds. */
  onReload?(): void;
}

/**
 * The live feed: same-origin socket.io (protocol in libs/contracts live.events.ts). Subscribes on every
 * (re)connect with the seq of the last durable event it holds, so the server replays exactly what was
 * missed (or says to reload when too far behind); sensor state comes as a fresh snapshot each time.
 * Returns a function that closes it.
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

  // The seq of the last durable event held: sent on every resubscribe.
  let lastSeq: number | null = null;
  let feed = INITIAL_LIVE_FEED;
  const onFeed = (e: LiveFeedEvent) => {
    feed = nextLiveFeedState(feed, e);
    h.onFeed?.(feed);
  };
  let resumed = false;
  const subscribe = () => {
    resumed = lastSeq !== null;
    socket.emit('live:subscribe', { layers: [...LIVE_LAYERS], lastSeq });
  };

  socket.on('connect', () => {
    reauths = 0;
    subscribe();
    on({ type: 'connected' });
  });
  socket.on('live:subscribed', (s) => {
    lastSeq = advanceSeq(lastSeq, s.seq);
    onFeed({ type: 'subscribed', resumed, info: s });
    if (s.reload) h.onReload?.();
  });
  socket.on('live:events', (b) => {
    lastSeq = advanceSeq(lastSeq, b.seq);
    if (b.events.length) h.onEvents?.(b.events, !!b.replay);
  });
  socket.on('live:seq', ({ seq }) => (lastSeq = advanceSeq(lastSeq, seq)));
  // Too slow for live delivery: everything queued before this has arrived, so resume from here.
  socket.on('live:resync', () => {
    onFeed({ type: 'resync' });
    subscribe();
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

  // e2e build only (folded away otherwise): a way for browser tests to drop the transport.
  const testHook = { dropConnection: () => socket.io.engine?.close() };
  if (__IOC_TEST_HOOKS__)
    void import('./live.test-hook').then((m) => {
      if (!closed) m.exposeLiveForTests(testHook);
    });

  return () => {
    closed = true;
    if (__IOC_TEST_HOOKS__) void import('./live.test-hook').then((m) => m.hideLiveForTests(testHook));
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
    socket.removeAllListeners();
    socket.close();
  };
}
