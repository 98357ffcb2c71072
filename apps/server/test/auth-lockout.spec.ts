import { apiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

// Account lockout (per username, from any address) on top of per-address throttling, and the audit trail
// of every authentication event.
jest.setTimeout(60_000);

let server: TestServer;
beforeAll(async () => {
  // lockout below the per-address limit, so it is the account counter that trips here
  server = await startTestServer({
    LOGIN_MAX_FAILURES: '50',
    LOGIN_LOCKOUT_FAILURES: '4',
    LOGIN_LOCKOUT_S: '600',
  });
});
afterAll(async () => {
  await server?.close();
});

const attempt = (username: string, password: string, userAgent = 'jest-lockout') =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ username, password }),
  });

it('locks the account after LOGIN_LOCKOUT_FAILURES failures, even for the right password, and audits each try', async () => {
  const op = await server.as('operator');
  const username = op.user!.username;
  for (let i = 0; i < 4; i++) expect((await attempt(username, `wrong-${i}`)).status).toBe(401);
  const locked = await attempt(username, server.userPassword);
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(500);
  expect(((await locked.json()) as { message: string }).message).toMatch(/locked/);

  const admin = await server.as('admin');
  const r = await admin.get(
    `/api/auth/events?username=${encodeURIComponent(username.toUpperCase())}&limit=10`,
  );
  expect(r.status).toBe(200);
  const outcomes = (r.body as { outcome: string; ip: string; userAgent: string | null }[]).map(
    (e) => e.outcome,
  );
  // newest first: the refused right password, four failures, then the test support's own login
  expect(outcomes.slice(0, 6)).toEqual(['locked', 'failure', 'failure', 'failure', 'failure', 'success']);
  expect(r.body[0]).toMatchObject({
    username,
    ip: expect.stringMatching(/127\.0\.0\.1/),
    userAgent: 'jest-lockout',
  });
});

it('locks unknown usernames the same way, so a lock does not reveal that an account exists', async () => {
  for (let i = 0; i < 4; i++) expect((await attempt('no-such-user', `x${i}`)).status).toBe(401);
  const r = await attempt('no-such-user', 'x');
  expect(r.status).toBe(429);
  expect(((await r.json()) as { message: string }).message).toMatch(/locked/);
});

it('audits logout and refresh-token reuse; only admins read the trail', async () => {
  const admin = await server.as('admin');
  const supervisor = await server.as('supervisor');
  expect((await supervisor.get('/api/auth/events')).status).toBe(403);
  const login = await apiClient(server.url, null).post('/api/auth/login', {
    username: server.admin.username,
    password: server.admin.password,
  });
  const refreshToken = login.body.refreshToken as string;
  expect((await apiClient(server.url, null).post('/api/auth/refresh', { refreshToken })).status).toBe(200);
  // spent token again → reuse detected
  expect((await apiClient(server.url, null).post('/api/auth/refresh', { refreshToken })).status).toBe(401);
  const fresh = await apiClient(server.url, login.body.accessToken).post('/api/auth/logout', {});
  expect(fresh.status).toBe(204);
  const r = await admin.get(`/api/auth/events?username=${server.admin.username}&limit=5`);
  const outcomes = (r.body as { outcome: string }[]).map((e) => e.outcome);
  expect(outcomes.slice(0, 3)).toEqual(['logout', 'refresh_reused', 'success']);
  expect((await admin.get('/api/auth/events?outcome=nope')).status).toBe(400);
});
