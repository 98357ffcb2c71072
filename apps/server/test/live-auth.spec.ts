import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import { signJwt } from '../src/auth/jwt.util';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

const JWT_SECRET = 'live-auth-spec-secret-0123456789abcdef012345';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ JWT_SECRET });
});

afterAll(async () => {
  await server?.close();
});

type IocClient = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(auth?: Record<string, unknown>): IocClient {
  return io(server.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth });
}

/** Resolves with the connect_error message, or with "connected". */
function outcome(s: IocClient): Promise<string> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (e) => resolve(e.message));
  });
}

describe('live socket authentication', () => {
  it.each([
    ['no token', async () => undefined],
    ['an empty token', async () => ({ token: '' })],
    ['a malformed token', async () => ({ token: 'abc.def.ghi' })],
    [
      'a token signed with another key',
      async () => ({
        token: await signJwt({ sub: 'x', typ: 'access' }, 'other-key-0123456789abcdef0123456789', 60),
      }),
    ],
  ])('refuses a connection with %s ("unauthorized")', async (_what, auth) => {
    const s = connect(await auth());
    try {
      expect(await outcome(s)).toBe('unauthorized');
      expect(s.connected).toBe(false);
    } finally {
      s.close();
    }
  });

  it('refuses an expired token', async () => {
    const admin = await server.as('admin');
    const s = connect({
      token: await signJwt({ sub: admin.user!.id, typ: 'access' }, JWT_SECRET, 60, Date.now() - 120_000),
    });
    try {
      expect(await outcome(s)).toBe('unauthorized');
    } finally {
      s.close();
    }
  });

  it('accepts an access token and sends the snapshot on subscribe', async () => {
    const s = connect({ token: await server.token('operator') });
    try {
      const snapshot = new Promise<unknown[]>((resolve) =>
        s.once('sensor:snapshot', (p) => resolve(p.states)),
      );
      expect(await outcome(s)).toBe('connected');
      s.emit('sensor:subscribe');
      expect(Array.isArray(await snapshot)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('accepts an operator token on live:subscribe with every layer: subscribed, then the sensor snapshot', async () => {
    const s = connect({ token: await server.token('operator') });
    try {
      expect(await outcome(s)).toBe('connected');
      const order: string[] = [];
      const done = new Promise<void>((resolve) => {
        s.once('live:subscribed', (p) => {
          order.push(`subscribed:${p.replayed}:${p.reload}`);
        });
        s.once('sensor:snapshot', () => {
          order.push('snapshot');
          resolve();
        });
      });
      s.emit('live:subscribe', { layers: ['incidents', 'units', 'cameras', 'sensors'] });
      await done;
      expect(order).toEqual(['subscribed:0:false', 'snapshot']);
    } finally {
      s.close();
    }
  });

  it('closes the socket when its token expires', async () => {
    const op = await server.as('operator');
    const s = connect({ token: await signJwt({ sub: op.user!.id, typ: 'access' }, JWT_SECRET, 2) });
    try {
      expect(await outcome(s)).toBe('connected');
      const reason = await new Promise<string>((resolve) => s.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
    } finally {
      s.close();
    }
  });
});
