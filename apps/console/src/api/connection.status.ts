/** What the header shows; `data-state` on the indicator carries the same value for tests. */
export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline';

export type ConnectionEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'attempt_failed' }
  | { type: 'browser_offline' }
  | { type: 'browser_online' };

export interface ConnectionState {
  status: ConnectionStatus;
  failedAttempts: number;
}

/** After this many failed reconnects in a row we say "offline" rather than "reconnecting". */
export const OFFLINE_AFTER_FAILURES = 3;

export const INITIAL_CONNECTION: ConnectionState = { status: 'reconnecting', failedAttempts: 0 };

export function nextConnectionState(s: ConnectionState, e: ConnectionEvent): ConnectionState {
  switch (e.type) {
    case 'connected':
      return { status: 'connected', failedAttempts: 0 };
    case 'disconnected':
      return { status: 'reconnecting', failedAttempts: 0 };
    case 'attempt_failed': {
      const failedAttempts = s.failedAttempts + 1;
      return {
        status: failedAttempts >= OFFLINE_AFTER_FAILURES ? 'offline' : 'reconnecting',
        failedAttempts,
      };
    }
    case 'browser_offline':
      return { ...s, status: 'offline' };
    case 'browser_online':
      return s.status === 'connected' ? s : { status: 'reconnecting', failedAttempts: 0 };
  }
}
