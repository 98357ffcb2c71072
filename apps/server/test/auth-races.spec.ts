import { Client } from 'pg';
import { AuthRetentionService } from '../src/auth/auth-retention.service';
import { login, type ApiClient } from './support/api-client';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 14, auth races and sprays: the login throttle decides before the password hash is verified
// (atomically, so concurrent guesses cannot all slip through), the last-admin rule holds under concurrent
// demotion/deactivation (and deletion, in the database), a spray of random usernames from one address is
// throttled, and the audit trail has a retention.
jest.setTimeout(120_000);

const attempt = (url: string, username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

/** Every `failure` row is one password verified (argon2); throttled and locked attempts are not. */
const evaluated = async (server: TestServer, username: string) =>
  Number(
    (
      await sql<{ n: string }>(
        server.databaseUrl,
        `SELECT count(*)::text AS n FROM auth_events WHERE lower(username) = lower($1) AND outcome = 'failure'`,
        [username],
      )
    )[0].n,
  );

const activeAdmins = async (server: TestServer) =>
  (
    await sql<{ username: string }>(
      server.databaseUrl,
      `SELECT username FROM users WHERE role = 'admin' AND active ORDER BY username`,
    )
  ).map((r) => r.username);

describe('defaults (LOGIN_MAX_FAILURES 10)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('300 concurrent wrong passwords for one user: at most LOGIN_MAX_FAILURES are verified, the rest get 429', async () => {
    const op = await server.as('operator');
    const username = op.user!.username;
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => attempt(server.url, username, `wrong-password-${i}`)),
    );
    const statuses = responses.map((r) => r.status);
    const n401 = statuses.filter((s) => s === 401).length;
    const n429 = statuses.filter((s) => s === 429).length;
    const verified = await evaluated(server, username);
    console.log(
      `login race: 300 concurrent wrong passwords → ${n401}×401, ${n429}×429, ${verified} verified, ${Date.now() - started} ms`,
    );
    expect(n401 + n429).toBe(300);
    expect(verified).toBeLessThanOrEqual(10);
    expect(n401).toBe(verified);
    const throttled = responses.find((r) => r.status === 429)!;
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // the right password is refused too while the window lasts
    expect((await attempt(server.url, username, server.userPassword)).status).toBe(429);
  });

  /** Passwords of the admins the rounds create, so the survivor of each round can log in. */
  const passwords = new Map<string, string>();

  it('concurrent demotion or deactivation of the last two admins leaves exactly one (5 rounds)', async () => {
    passwords.set(server.admin.username, server.admin.password);
    let current: ApiClient = await server.as('admin');
    for (let round = 0; round < 5; round++) {
      const username = `race-admin-${round}`;
      passwords.set(username, `second-admin-${round}-password`);
      const created = await current.post('/api/users', {
        username,
        role: 'admin',
        password: passwords.get(username),
      });
      expect(created.status).toBe(201);
      const second = await login(server.url, username, passwords.get(username)!);
      expect(await activeAdmins(server)).toHaveLength(2);
      // Each admin takes itself away (demotion, or deactivation every other round), at the same time: each
      // request passes the guard whatever the other does, so the two race on the rule alone.
      const [a, b] = await Promise.all([
        current.patch(`/api/users/${current.user!.id}`, { role: 'supervisor' }),
        second.patch(
          `/api/users/${second.user!.id}`,
          round % 2 === 0 ? { role: 'operator' } : { active: false },
        ),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const left = await activeAdmins(server);
      expect(left).toHaveLength(1);
      expect((a.status === 409 ? a : b).body).toMatchObject({
        statusCode: 409,
        message: expect.stringMatching(/last active admin/),
      });
      // the survivor runs the next round
      current = a.status === 409 ? current : second;
      expect(left).toEqual([current.user!.username]);
    }
  });

  it('the database itself keeps an active admin: deletion, and concurrent transactions, are refused', async () => {
    const [last] = await activeAdmins(server);
    await expect(sql(server.databaseUrl, `DELETE FROM users WHERE username = $1`, [last])).rejects.toThrow(
      /last active admin/,
    );
    const admin = await login(server.url, last, passwords.get(last)!);
    const second = await admin.post('/api/users', {
      username: 'race-admin-sql',
      role: 'admin',
      password: 'sql-admin-password',
    });
    expect(second.status).toBe(201);
    // two transactions, each taking one of the two admins away: the one that commits second fails
    const a = new Client({ connectionString: server.databaseUrl });
    const b = new Client({ connectionString: server.databaseUrl });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`UPDATE users SET role = 'operator' WHERE username = $1`, [last]);
      // b waits for a's lock inside the trigger, then sees a's commit
      const bDone = b.query(`DELETE FROM users WHERE username = 'race-admin-sql'`).then(
        () => 'deleted',
        (e: Error) => e.message,
      );
      await a.query('COMMIT');
      expect(await bDone).toMatch(/last active admin/);
      await b.query('ROLLBACK');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    expect(await activeAdmins(server)).toEqual(['race-admin-sql']);
  });
});

describe('sprays from one address (LOGIN_ADDRESS_MAX_FAILURES 5, trust proxy off)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOGIN_ADDRESS_MAX_FAILURES: '5', LOGIN_ADDRESS_WINDOW_S: '600' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('throttles random usernames from one address; a forged X-Forwarded-For does not escape it', async () => {
    // successful logins from the address do not count against it
    for (let i = 0; i < 6; i++) await login(server.url, server.admin.username, server.admin.password);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await attempt(
        server.url,
        `spray-${i}-${Math.random().toString(36).slice(2, 8)}`,
        'Summer2026!',
        {
          'x-forwarded-for': `198.51.100.${i}`,
        },
      );
      statuses.push(r.status);
      if (r.status === 429) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(600);
        expect(await r.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/too many/) });
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const rows = await sql<{ ip: string; outcome: string }>(
      server.databaseUrl,
      `SELECT ip, outcome FROM auth_events WHERE username LIKE 'spray-%' ORDER BY id`,
    );
    expect(rows.map((r) => r.outcome)).toEqual([...Array(5).fill('failure'), ...Array(3).fill('throttled')]);
    // the peer address, not the header
    for (const r of rows) expect(r.ip).toMatch(/127\.0\.0\.1/);
  });

  it('purges auth_events older than AUTH_EVENTS_RETENTION_DAYS', async () => {
    await sql(
      server.databaseUrl,
      `INSERT INTO auth_events (time, username, ip, outcome)
       VALUES (now() - interval '91 days', 'old-event', '192.0.2.1', 'failure'),
              (now() - interval '89 days', 'recent-event', '192.0.2.1', 'failure')`,
    );
    await server.app.get(AuthRetentionService).purge();
    const left = await sql<{ username: string }>(
      server.databaseUrl,
      `SELECT username FROM auth_events WHERE username IN ('old-event', 'recent-event')`,
    );
    expect(left.map((r) => r.username)).toEqual(['recent-event']);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LOGIN_ADDRESS_MAX_FAILURES: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts each client address the proxy forwards, so one sprayer does not lock out the others', async () => {
    const from = (ip: string, i: number) =>
      attempt(server.url, `proxied-${i}`, 'wrong-password', { 'x-forwarded-for': ip }).then((r) => r.status);
    const sprayer: number[] = [];
    for (let i = 0; i < 5; i++) sprayer.push(await from('203.0.113.7', i));
    expect(sprayer).toEqual([401, 401, 401, 429, 429]);
    // another client behind the same proxy is still heard (401: its password is wrong, not throttled)
    expect(await from('203.0.113.8', 99)).toBe(401);
    const ips = await sql<{ ip: string }>(
      server.databaseUrl,
      `SELECT DISTINCT ip FROM auth_events WHERE username LIKE 'proxied-%' ORDER BY ip`,
    );
    expect(ips.map((r) => r.ip)).toEqual(['203.0.113.7', '203.0.113.8']);
  });
});
