import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 14, smaller items: a deeply nested JSON body is a 400 (not a 500 from a recursive walk), and the
// console's source maps are not published by a server serving the production build.
jest.setTimeout(60_000);

const CONSOLE = join(__dirname, '../../../dist/apps/console');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const post = async (path: string, body: string, token?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(server.url + path, { method: 'POST', headers, body });
  return {
    status: r.status,
    body: (await r.json()) as { statusCode: number; field?: string; message: string },
  };
};

describe('deeply nested JSON', () => {
  it('answers 400 naming the body, on public and authenticated routes, and keeps serving', async () => {
    const depth = 50_000; // ~100 KB, under the default 256 KiB body limit; JSON.parse takes it
    const deep = `{"text":${'['.repeat(depth)}${']'.repeat(depth)},"category":"fire","lat":10.93,"lon":108.1}`;
    const token = await server.token('operator');
    for (const [path, t] of [
      ['/api/reports', token],
      ['/api/auth/login', undefined],
    ] as const) {
      const r = await post(path, deep, t);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.body).toMatchObject({
        statusCode: 400,
        field: 'body',
        message: expect.stringMatching(/nested deeper/),
      });
    }
    // deep objects too, and just past the limit
    const objects = `${'{"a":'.repeat(33)}1${'}'.repeat(33)}`;
    expect((await post('/api/auth/login', objects)).status).toBe(400);
    // an ordinary body still reaches the route's own validation
    const shallow = await post('/api/reports', JSON.stringify({ text: [[['x']]], category: 'fire' }), token);
    expect(shallow.status).toBe(400);
    expect(shallow.body.field).toBe('text');
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe('console source maps', () => {
  it('the production build does not point at source maps, and the server serves no *.map', async () => {
    if (!existsSync(join(CONSOLE, 'index.html')))
      throw new Error(
        `no built console in ${CONSOLE}: run \`npx nx run console:build\` (npm test builds it)`,
      );
    const assets = readdirSync(join(CONSOLE, 'assets'));
    const bundles = assets.filter((f) => /\.(js|css)$/.test(f));
    expect(bundles.length).toBeGreaterThan(0);
    for (const f of bundles) {
      const text = readFileSync(join(CONSOLE, 'assets', f), 'utf8');
      expect({ f, mapUrl: /[#@] sourceMappingURL=/.test(text) }).toEqual({ f, mapUrl: false });
    }
    // the bundles are served; maps are not, whether on disk (hidden maps) or not (no index.html fallback)
    const js = bundles.find((f) => f.endsWith('.js'))!;
    expect((await fetch(`${server.url}/assets/${js}`)).status).toBe(200);
    const maps = [...assets.filter((f) => f.endsWith('.map')), `${js}.map`, 'nothing-here.js.map'];
    for (const m of new Set(maps)) {
      const r = await fetch(`${server.url}/assets/${m}`, { headers: { accept: '*/*' } });
      expect({ m, status: r.status }).toEqual({ m, status: 404 });
      expect(r.headers.get('content-type')).not.toMatch(/javascript|html/);
    }
  });
});

describe('HEAD on the console', () => {
  it('answers HEAD / like GET /: 200, the same headers, no body', async () => {
    if (!existsSync(join(CONSOLE, 'index.html')))
      throw new Error(`no built console in ${CONSOLE}: run \`npx nx run console:build\``);
    for (const path of ['/', '/history']) {
      const get = await fetch(server.url + path, { headers: { accept: 'text/html' } });
      const head = await fetch(server.url + path, { method: 'HEAD', headers: { accept: 'text/html' } });
      expect({ path, get: get.status, head: head.status }).toEqual({ path, get: 200, head: 200 });
      for (const h of ['content-type', 'content-length', 'cache-control', 'etag', 'last-modified'])
        expect({ path, h, v: head.headers.get(h) }).toEqual({ path, h, v: get.headers.get(h) });
      expect((await get.text()).length).toBeGreaterThan(0);
      expect(await head.text()).toBe('');
    }
    // API routes are not the console's: an unknown one stays a 404 either way
    const api = await fetch(`${server.url}/api/nothing-here`, { method: 'HEAD' });
    expect(api.status).toBe(404);
  });
});
