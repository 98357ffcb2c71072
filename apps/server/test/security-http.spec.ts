import { startTestServer, type TestServer } from './support/test-server';
import { sql } from './support/test-db';
import { io } from 'socket.io-client';
import type { ApiClient } from './support/api-client';

// Hardening of the HTTP surface: security headers, CORS, body limits, and injection strings fed to every
// query filter and path parameter the OpenAPI document lists (so new routes are covered automatically).
jest.setTimeout(180_000);

let server: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: 'https://ioc.example.vn', HTTP_BODY_LIMIT_KB: '64' });
  admin = await server.as('admin');
});
afterAll(async () => {
  await server?.close();
});

describe('headers', () => {
  it('sends a same-origin CSP and the usual hardening headers on API and console responses', async () => {
    for (const path of ['/api/health', '/']) {
      const r = await fetch(server.url + path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('answers CORS only for the configured origin', async () => {
    const allowed = await fetch(`${server.url}/api/health`, {
      headers: { origin: 'https://ioc.example.vn' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ioc.example.vn');
    const other = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/incidents`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('bodies', () => {
  it('refuses a body over HTTP_BODY_LIMIT_KB with 413 and keeps serving', async () => {
    const op = await server.as('operator');
    const r = await op.post('/api/reports', {
      text: 'x'.repeat(100 * 1024),
      category: 'fire',
      lat: 10.93,
      lon: 108.1,
    });
    expect(r.status).toBe(413);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const r = await fetch(`${server.url}/api/reports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await server.as('operator')).token}`,
        'content-type': 'application/json',
      },
      body: '{"text": "cháy chợ", "category": ',
    });
    expect(r.status).toBe(400);
  });
});

describe('socket.io frames', () => {
  it('drops a client that sends a frame over 64 KiB and keeps serving the others', async () => {
    const token = await server.token('operator');
    const open = () =>
      io(server.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth: { token } });
    const big = open();
    await new Promise<void>((r, j) => {
      big.once('connect', () => r());
      big.once('connect_error', j);
    });
    const reason = new Promise<string>((r) => big.once('disconnect', r));
    big.emit('live:subscribe', { layers: ['incidents'], junk: 'x'.repeat(100 * 1024) } as never);
    expect(await reason).toMatch(/transport (close|error)/);
    const ok = open();
    await new Promise<void>((r, j) => {
      ok.once('connect', () => r());
      ok.once('connect_error', j);
    });
    ok.close();
  });
});

describe('NUL characters (PostgreSQL text cannot hold them)', () => {
  it('refuses them in a JSON body with 400 naming the field, and in a query string', async () => {
    const op = await server.as('operator');
    const r = await op.post('/api/reports', {
      text: 'cháy\u0000chợ',
      category: 'fire',
      lat: 10.93,
      lon: 108.1,
    });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('text');
    const q = await op.get('/api/incidents?q=%00');
    expect(q.status).toBe(400);
    expect(q.body.field).toBe('url');
  });
});

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE readings; --",
  '1; SELECT pg_sleep(5)',
  '%27%20OR%201%3D1',
  '") OR ("a"="a',
  '\\x00\u0000',
  '$1',
  '*/ UNION SELECT password_hash FROM users --',
];

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
}

describe('injection strings', () => {
  it('never reach SQL as code: every GET filter and path parameter answers < 500 and the data stays', async () => {
    const doc = (await admin.get('/api/docs')).body as {
      paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
    };
    const before = await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*)::text AS n FROM users');
    let requests = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const get = ops.get;
      if (!get) continue;
      const params = get.parameters ?? [];
      for (const bad of INJECTIONS) {
        // every path parameter replaced, then each query parameter alone
        const url = path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(bad));
        const urls = [
          url,
          ...params.filter((p) => p.in === 'query').map((p) => `${url}?${p.name}=${encodeURIComponent(bad)}`),
        ];
        for (const u of urls) {
          const started = Date.now();
          const r = await admin.get(u);
          requests++;
          if (r.status >= 500) throw new Error(`${u} answered ${r.status}: ${JSON.stringify(r.body)}`);
          // pg_sleep would show up as a slow answer
          expect(Date.now() - started).toBeLessThan(4000);
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
    const after = await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*)::text AS n FROM users');
    expect(after).toEqual(before);
    const tables = await sql(server.databaseUrl, `SELECT to_regclass('readings') AS t`);
    expect(tables[0].t).toBe('readings');
  });
});
