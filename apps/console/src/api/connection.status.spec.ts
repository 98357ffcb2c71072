import {
  INITIAL_CONNECTION,
  OFFLINE_AFTER_FAILURES,
  nextConnectionState,
  type ConnectionEvent,
} from './connection.status';

const run = (...events: ConnectionEvent['type'][]) =>
  events.reduce((s, type) => nextConnectionState(s, { type } as ConnectionEvent), INITIAL_CONNECTION);

describe('nextConnectionState', () => {
  it('starts reconnecting and becomes connected', () => {
    expect(INITIAL_CONNECTION.status).toBe('reconnecting');
    expect(run('connected').status).toBe('connected');
  });

  it('says reconnecting after a drop, offline after repeated failures, connected again on success', () => {
    expect(run('connected', 'disconnected').status).toBe('reconnecting');
    const fails = Array<ConnectionEvent['type']>(OFFLINE_AFTER_FAILURES).fill('attempt_failed');
    expect(run('connected', 'disconnected', ...fails.slice(1)).status).toBe('reconnecting');
    expect(run('connected', 'disconnected', ...fails).status).toBe('offline');
    expect(run('connected', 'disconnected', ...fails, 'connected')).toEqual({
      status: 'connected',
      failedAttempts: 0,
    });
  });

  it('follows the browser going offline and back', () => {
    expect(run('connected', 'browser_offline').status).toBe('offline');
    expect(run('disconnected', 'browser_offline', 'browser_online').status).toBe('reconnecting');
  });
});
