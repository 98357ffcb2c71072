import { ConsoleConfigSchema } from '@ioc/contracts/console-config.dto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { bootstrap } from '../src/app/bootstrap';
import { checkPmtilesArchive } from '../src/basemap/pmtiles.archive';
import { loadConfig } from '../src/config/config.loader';
import { buildStreetsPmtiles } from './support/pmtiles-fixture';
import { mqttUrl } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// BASEMAP_PMTILES: the archive served by range requests behind the login (206 with the file's bytes,
// 416, 401, ETag/304), announced in /api/config, and a bad archive stopping the server at start.
jest.setTimeout(60_000);

const URL_PATH = '/api/basemap/tiles.pmtiles';
let server: TestServer;
let file: string;
let bytes: Buffer;
let token: string;

const get = (headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${server.url}${URL_PATH}`, { method, headers: { Authorization: `Bearer ${token}`, ...headers } });

beforeAll(async () => {
  file = buildStreetsPmtiles();
  bytes = readFileSync(file);
  server = await startTestServer({ IOC_ROLES: 'api', BASEMAP_PMTILES: file });
  token = await server.token('operator');
});
afterAll(() => server?.close());

describe('GET /api/basemap/tiles.pmtiles', () => {
  it('answers 401 without a token and with a forged one', async () => {
    expect((await fetch(`${server.url}${URL_PATH}`, { headers: { Range: 'bytes=0-126' } })).status).toBe(401);
    const forged = await fetch(`${server.url}${URL_PATH}`, {
      headers: { Range: 'bytes=0-126', Authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
  });

  it('answers a range with 206 and exactly those bytes of the file', async () => {
    const res = await get({ Range: 'bytes=0-126' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${bytes.length}`);
    expect(res.headers.get('content-length')).toBe('127');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/vnd.pmtiles');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(bytes.subarray(0, 127))).toBe(true);
    expect(body.toString('latin1', 0, 7)).toBe('PMTiles');

    // a range from the middle, and the suffix form
    const mid = await get({ Range: 'bytes=1000-2999' });
    expect(mid.status).toBe(206);
    expect(Buffer.from(await mid.arrayBuffer()).equals(bytes.subarray(1000, 3000))).toBe(true);
    const tail = await get({ Range: 'bytes=-100' });
    expect(tail.headers.get('content-range')).toBe(
      `bytes ${bytes.length - 100}-${bytes.length - 1}/${bytes.length}`,
    );
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 100))).toBe(true);
  });

  it("clamps a range past the end (the reader's first 16 KiB request of a small archive)", async () => {
    const res = await get({ Range: `bytes=${bytes.length - 10}-${bytes.length + 16_000}` });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(
      `bytes ${bytes.length - 10}-${bytes.length - 1}/${bytes.length}`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
  });

  it('answers the whole file with 200 without a Range', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers 416 with the size for malformed, multiple and unsatisfiable ranges', async () => {
    for (const range of [
      'bytes=500-100',
      'bytes=0-1,5-9',
      'items=0-10',
      'bytes=abc',
      `bytes=${bytes.length}-`,
    ]) {
      const res = await get({ Range: range });
      expect([range, res.status]).toEqual([range, 416]);
      expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { statusCode: number; field?: string };
      expect(body.statusCode).toBe(416);
    }
  });

  it('has a strong ETag: If-None-Match → 304, a stale If-Range → the whole new file', async () => {
    const first = await get({ Range: 'bytes=0-9' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f-]+"$/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    const again = await get({ 'If-None-Match': etag, Range: 'bytes=0-9' });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    expect((await get({ 'If-None-Match': '"other"' })).status).toBe(200);
    // If-Range with our ETag keeps the range; with another one the client gets the whole file
    expect((await get({ 'If-Range': etag, Range: 'bytes=0-9' })).status).toBe(206);
    const stale = await get({ 'If-Range': '"old"', Range: 'bytes=0-9' });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(bytes.length);
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await get({ Range: 'bytes=0-99' }, 'HEAD');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('100');
  });

  it('is announced to the console in /api/config', async () => {
    const r = await (await server.as('operator')).get('/api/config');
    expect(ConsoleConfigSchema.parse(r.body).basemapPmtilesUrl).toBe(URL_PATH);
  });

  it('serves Noto Sans variants the protomaps style asks for from the Noto Sans we ship', async () => {
    const res = await fetch(`${server.url}/api/basemap/fonts/Noto%20Sans%20Italic/7680-7935.pbf`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const regular = await fetch(`${server.url}/api/basemap/fonts/Noto%20Sans%20Regular/7680-7935.pbf`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(await regular.arrayBuffer()))).toBe(true);
  });
});

describe('a bad BASEMAP_PMTILES stops the server at start', () => {
  const configWith = (env: Record<string, string>) =>
    loadConfig({ DATABASE_URL: process.env.DATABASE_URL, MQTT_URL: mqttUrl(), PORT: '0', ...env });

  it('names the variable and the problem', async () => {
    const dir = dirname(file);
    const cases: [string, Buffer, string][] = [
      ['text.pmtiles', Buffer.from('hello, not an archive'.repeat(10)), 'not a PMTiles archive'],
      [
        'v2.pmtiles',
        Buffer.concat([Buffer.from('PMTiles'), Buffer.from([2]), Buffer.alloc(200)]),
        'spec version 2, expected 3',
      ],
      ['cut.pmtiles', bytes.subarray(0, 2000), 'beyond the end of the file'],
      [
        'png.pmtiles',
        (() => {
          const b = Buffer.from(bytes);
          b[99] = 2;
          return b;
        })(),
        'tile type png',
      ],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      expect(() => checkPmtilesArchive(path)).toThrow(`BASEMAP_PMTILES=${path}: `);
      await expect(bootstrap(configWith({ BASEMAP_PMTILES: path }))).rejects.toThrow(message);
    }
  });

  it('refuses a missing file in the config and BASEMAP_STYLE_URL alongside', async () => {
    expect(() => configWith({ BASEMAP_PMTILES: '/nope/x.pmtiles' })).toThrow(
      'BASEMAP_PMTILES="/nope/x.pmtiles" file not found',
    );
    await expect(
      bootstrap(
        configWith({ BASEMAP_PMTILES: file, BASEMAP_STYLE_URL: 'https://tiles.example.vn/style.json' }),
      ),
    ).rejects.toThrow('BASEMAP_PMTILES and BASEMAP_STYLE_URL exclude each other');
  });

  it('reads the header of the good fixture', () => {
    const h = checkPmtilesArchive(file);
    expect([h.size, h.minZoom, h.maxZoom]).toEqual([bytes.length, 0, 15]);
    expect(h.bounds[0]).toBeCloseTo(107.98, 5);
  });
});
