import { signJwt } from '../src/auth/jwt.util';
import { apiClient, login } from './support/api-client';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

const JWT_SECRET = 'auth-spec-secret-0123456789abcdef0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ JWT_SECRET, LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_S: '120' });
});

afterAll(async () => {
  await server?.close();
});

describe('auth', () => {
  it('creates the first admin from IOC_ADMIN_PASSWORD with an argon2id hash', async () => {
    const rows = await sql<{ username: string; role: string; password_hash: string }>(
      server.databaseUrl,
      `SELECT username, role, password_hash FROM users WHERE role = 'admin'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].username).toBe('admin');
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(server.admin.password);
  });

  it('logs in (username case-insensitive) and answers /api/auth/me', async () => {
    const r = await server.anonymous.post('/api/auth/login', {
      username: 'ADMIN',
      password: server.admin.password,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ expiresIn: 900, user: { username: 'admin', role: 'admin' } });
    expect(r.body.accessToken.split('.')).toHaveLength(3);
    expect(typeof r.body.refreshToken).toBe('string');
    const me = await apiClient(server.url, r.body.accessToken).get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(r.body.user);
    const [row] = await sql<{ last_login_at: Date | null }>(
      server.databaseUrl,
      `SELECT last_login_at FROM users WHERE id = $1`,
      [r.body.user.id],
    );
    expect(row.last_login_at).not.toBeNull();
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await server.anonymous.post('/api/auth/login', {
      username: 'admin',
      password: 'nope-nope-nope',
    });
    const unknown = await server.anonymous.post('/api/auth/login', {
      username: 'ghost',
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const bad = await server.anonymous.post('/api/auth/login', { username: 'admin' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('password');
  });

  it('limits failed logins per username and address: 429 with Retry-After, even for the right password', async () => {
    await server.as('operator');
    for (let i = 0; i < 3; i++) {
      const r = await server.anonymous.post('/api/auth/login', {
        username: 'test-operator',
        password: 'wrong-wrong',
      });
      expect(r.status).toBe(401);
    }
    const blocked = await server.anonymous.post('/api/auth/login', {
      username: 'test-operator',
      password: server.userPassword,
    });
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(120);
    // Other usernames are not affected.
    expect(
      (await server.anonymous.post('/api/auth/login', { username: 'admin', password: server.admin.password }))
        .status,
    ).toBe(200);
    await sql(server.databaseUrl, `DELETE FROM login_failures`);
    expect(
      (
        await server.anonymous.post('/api/auth/login', {
          username: 'test-operator',
          password: server.userPassword,
        })
      ).status,
    ).toBe(200);
  });

  it('rejects missing, malformed, forged and expired tokens with 401', async () => {
    expect((await server.anonymous.get('/api/devices')).status).toBe(401);
    expect((await apiClient(server.url, 'not-a-jwt').get('/api/devices')).status).toBe(401);
    const admin = await server.as('admin');
    const forged = await signJwt(
      { sub: admin.user!.id, role: 'admin', typ: 'access' },
      'another-secret-0123456789abcdef0123',
      60,
    );
    expect((await apiClient(server.url, forged).get('/api/devices')).status).toBe(401);
    const expired = await signJwt(
      { sub: admin.user!.id, typ: 'access' },
      JWT_SECRET,
      60,
      Date.now() - 120_000,
    );
    const r = await apiClient(server.url, expired).get('/api/devices');
    expect(r.status).toBe(401);
    expect(r.body.message).toBe('token expired');
    const valid = await signJwt({ sub: admin.user!.id, typ: 'access' }, JWT_SECRET, 60);
    expect((await apiClient(server.url, valid).get('/api/devices')).status).toBe(200);
    // health is public
    expect((await server.anonymous.get('/api/health')).status).toBe(200);
  });

  it('answers 403 below the route minimum role', async () => {
    const op = await server.as('operator');
    expect((await op.get('/api/users')).status).toBe(403);
    expect((await (await server.as('supervisor')).get('/api/users')).status).toBe(403);
    expect((await (await server.as('admin')).get('/api/users')).status).toBe(200);
  });

  it('rotates refresh tokens; a reused one revokes the whole family', async () => {
    const first = await login(server.url, 'admin', server.admin.password);
    const r1 = await server.anonymous.post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    expect((await apiClient(server.url, r1.body.accessToken).get('/api/auth/me')).body.username).toBe(
      'admin',
    );
    // the spent token again: refused, and the token it was rotated into dies with it
    expect(
      (await server.anonymous.post('/api/auth/refresh', { refreshToken: first.refreshToken })).status,
    ).toBe(401);
    expect(
      (await server.anonymous.post('/api/auth/refresh', { refreshToken: r1.body.refreshToken })).status,
    ).toBe(401);
    expect((await server.anonymous.post('/api/auth/refresh', { refreshToken: 'garbage' })).status).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const s = await login(server.url, 'admin', server.admin.password);
    expect((await s.post('/api/auth/logout', { refreshToken: s.refreshToken })).status).toBe(204);
    expect((await server.anonymous.post('/api/auth/refresh', { refreshToken: s.refreshToken })).status).toBe(
      401,
    );
    expect((await server.anonymous.post('/api/auth/logout', {})).status).toBe(401);
  });

  it('locks out a deactivated user at once (access and refresh)', async () => {
    const admin = await server.as('admin');
    const created = await admin.post('/api/users', {
      username: 'temp.user',
      displayName: 'Tạm',
      role: 'operator',
      password: 'temporary-password',
    });
    expect(created.status).toBe(201);
    const s = await login(server.url, 'temp.user', 'temporary-password');
    expect((await s.get('/api/devices')).status).toBe(200);
    expect((await admin.patch(`/api/users/${created.body.id}`, { active: false })).status).toBe(200);
    expect((await s.get('/api/devices')).status).toBe(401);
    expect((await server.anonymous.post('/api/auth/refresh', { refreshToken: s.refreshToken })).status).toBe(
      401,
    );
    expect(
      (
        await server.anonymous.post('/api/auth/login', {
          username: 'temp.user',
          password: 'temporary-password',
        })
      ).status,
    ).toBe(401);
  });
});

describe('users API', () => {
  it('creates, lists, changes and never returns password hashes', async () => {
    const admin = await server.as('admin');
    const c = await admin.post('/api/users', {
      username: 'Le.Van.C',
      displayName: 'Lê Văn C',
      role: 'supervisor',
      password: 'correct horse battery',
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({
      username: 'Le.Van.C',
      displayName: 'Lê Văn C',
      role: 'supervisor',
      active: true,
    });
    expect(JSON.stringify(c.body)).not.toMatch(/argon|hash|password/i);
    const list = await admin.get('/api/users');
    expect(list.body.map((u: { username: string }) => u.username)).toContain('Le.Van.C');
    expect(JSON.stringify(list.body)).not.toMatch(/argon|password/i);

    const p = await admin.patch(`/api/users/${c.body.id}`, {
      role: 'operator',
      password: 'another long one',
    });
    expect(p.status).toBe(200);
    expect(p.body.role).toBe('operator');
    const s = await login(server.url, 'le.van.c', 'another long one');
    expect(s.user).toMatchObject({ username: 'Le.Van.C', role: 'operator' });
    expect((await admin.get(`/api/users/${c.body.id}`)).body.lastLoginAt).not.toBeNull();
  });

  it('409 on a duplicate username (case-insensitive)', async () => {
    const admin = await server.as('admin');
    const body = { username: 'dup.user', role: 'operator', password: 'long-enough-pw' };
    expect((await admin.post('/api/users', body)).status).toBe(201);
    const again = await admin.post('/api/users', { ...body, username: 'DUP.user' });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('username');
  });

  it.each([
    [{ username: 'x', role: 'operator', password: 'long-enough-pw' }, 'username'],
    [{ username: 'has space', role: 'operator', password: 'long-enough-pw' }, 'username'],
    [{ username: 'okname', role: 'king', password: 'long-enough-pw' }, 'role'],
    [{ username: 'okname', role: 'operator', password: 'short' }, 'password'],
    [{ username: 'okname', role: 'operator' }, 'password'],
    [{ username: 'okname', displayName: 42, role: 'operator', password: 'long-enough-pw' }, 'displayName'],
  ])('400 naming the field for POST %j', async (body, field) => {
    const r = await (await server.as('admin')).post('/api/users', body);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe(field);
  });

  it('400 on invalid patches, 404 for unknown users, and the last admin stays an admin', async () => {
    const admin = await server.as('admin');
    const id = (await server.as('operator')).user!.id;
    expect((await admin.patch(`/api/users/${id}`, { active: 'yes' })).body.field).toBe('active');
    expect((await admin.patch(`/api/users/${id}`, { password: 'short' })).body.field).toBe('password');
    expect((await admin.patch(`/api/users/${id}`, {})).status).toBe(400);
    expect((await admin.get('/api/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/users/not-a-uuid')).status).toBe(404);
    const last = await admin.patch(`/api/users/${admin.user!.id}`, { role: 'operator' });
    expect(last.status).toBe(409);
    expect((await admin.patch(`/api/users/${admin.user!.id}`, { active: false })).status).toBe(409);
  });
});
