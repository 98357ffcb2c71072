import { AuthSession, type AuthDeps } from './auth.session';

const user = { id: 'u1', username: 'op', role: 'operator' as const };
const tokens = (n: number) => ({ accessToken: `a${n}`, refreshToken: `r${n}`, expiresIn: 900, user });
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fake server: the access token `a<n>` is valid only for the newest n; refresh `r<n>` only once. */
function fakeServer() {
  let n = 0;
  let refreshOk = true;
  const calls: { path: string; auth: string | null }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const authz = new Headers(init?.headers).get('Authorization');
    calls.push({ path, auth: authz });
    if (path === '/api/auth/login') {
      const b = JSON.parse(String(init?.body)) as { password: string };
      if (b.password === 'throttle') return json(429, {}, { 'Retry-After': '90' });
      return b.password === 'right' ? json(200, tokens(++n)) : json(401, { message: 'invalid' });
    }
    if (path === '/api/auth/refresh') {
      const b = JSON.parse(String(init?.body)) as { refreshToken: string };
      if (!refreshOk || b.refreshToken !== `r${n}`) return json(401, {});
      return json(200, tokens(++n));
    }
    return authz === `Bearer a${n}` ? json(200, { ok: true }) : json(401, {});
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    get n() {
      return n;
    },
    set refreshOk(v: boolean) {
      refreshOk = v;
    },
  };
}

function session(server: ReturnType<typeof fakeServer>, store = new Map<string, string>()) {
  const deps: AuthDeps = {
    fetch: server.fetch,
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    now: () => 1_000_000,
    setTimer: () => 0,
    clearTimer: () => undefined,
  };
  return { s: new AuthSession(deps), store };
}

describe('AuthSession', () => {
  it('logs in, keeps the session in storage, and reports wrong passwords and throttling', async () => {
    const srv = fakeServer();
    const { s, store } = session(srv);
    expect(await s.login('op', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await s.login('op', 'throttle')).toEqual({ ok: false, reason: 'throttled', retryAfterS: 90 });
    expect(s.current()).toBeNull();
    expect(await s.login('op', 'right')).toEqual({ ok: true });
    expect(s.current()).toMatchObject({ accessToken: 'a1', refreshToken: 'r1', expiresAt: 1_900_000, user });
    // a reload finds it again
    expect(session(srv, store).s.current()?.accessToken).toBe('a1');
  });

  it('sends the bearer token, refreshes once on 401 and retries once', async () => {
    const srv = fakeServer();
    const { s } = session(srv);
    await s.login('op', 'right'); // a1, r1
    expect((await s.fetch('/api/city')).status).toBe(200);
    expect(srv.calls.at(-1)).toEqual({ path: '/api/city', auth: 'Bearer a1' });
    // The server stops taking a1 (expired); r1 still refreshes.
    const realFetch = srv.fetch;
    (s as unknown as { deps: AuthDeps }).deps.fetch = (async (
      input: RequestInfo | URL,
      init?: RequestInit,
    ) =>
      new Headers(init?.headers).get('Authorization') === 'Bearer a1'
        ? json(401, {})
        : realFetch(input, init)) as typeof fetch;
    const from = srv.calls.length;
    expect((await s.fetch('/api/city')).status).toBe(200);
    expect(srv.calls.slice(from)).toEqual([
      { path: '/api/auth/refresh', auth: null },
      { path: '/api/city', auth: 'Bearer a2' },
    ]);
  });

  it('shares one refresh between concurrent 401s and retries each request once', async () => {
    const srv = fakeServer();
    const { s } = session(srv);
    await s.login('op', 'right'); // a1, r1
    // The server rotates behind our back: a1 is rejected from now on, r1 still refreshes.
    const realFetch = srv.fetch;
    let rejectA1 = true;
    const deps = s as unknown as { deps: AuthDeps };
    deps.deps.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const a = new Headers(init?.headers).get('Authorization');
      if (rejectA1 && a === 'Bearer a1') return json(401, {});
      return realFetch(input, init);
    }) as typeof fetch;
    const results = await Promise.all([s.fetch('/api/x'), s.fetch('/api/y'), s.fetch('/api/z')]);
    rejectA1 = false;
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(srv.calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(s.current()?.accessToken).toBe('a2');
  });

  it('ends the session when the refresh is refused (the app then shows the login screen)', async () => {
    const srv = fakeServer();
    const { s, store } = session(srv);
    await s.login('op', 'right');
    srv.refreshOk = false;
    const realFetch = srv.fetch;
    (s as unknown as { deps: AuthDeps }).deps.fetch = (async (
      input: RequestInfo | URL,
      init?: RequestInit,
    ) => (String(input) === '/api/city' ? json(401, {}) : realFetch(input, init))) as typeof fetch;
    let changes = 0;
    s.subscribe(() => changes++);
    const r = await s.fetch('/api/city');
    expect(r.status).toBe(401);
    expect(s.current()).toBeNull();
    expect(s.expired).toBe(true);
    expect(store.size).toBe(0);
    expect(changes).toBe(1);
  });

  it('adds the header only to same-origin /api/ URLs', async () => {
    const srv = fakeServer();
    const { s } = session(srv);
    const origin = 'http://ioc.local:8080';
    expect(s.headersFor(`${origin}/api/basemap/style.json`, origin)).toBeUndefined();
    await s.login('op', 'right');
    expect(s.headersFor(`${origin}/api/basemap/fonts/a/0-255.pbf`, origin)).toEqual({
      Authorization: 'Bearer a1',
    });
    expect(s.headersFor('/api/basemap/land.geojson', origin)).toEqual({ Authorization: 'Bearer a1' });
    expect(s.headersFor('https://tiles.example.org/api/x', origin)).toBeUndefined();
    expect(s.headersFor(`${origin}/index.html`, origin)).toBeUndefined();
  });

  it('logout forgets the tokens and revokes the refresh token on the server', async () => {
    const srv = fakeServer();
    const { s, store } = session(srv);
    await s.login('op', 'right');
    await s.logout();
    expect(s.current()).toBeNull();
    expect(store.size).toBe(0);
    expect(srv.calls.at(-1)).toEqual({ path: '/api/auth/logout', auth: 'Bearer a1' });
  });
});
