import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { BasemapModule } from './basemap.module';

// Real HTTP through Nest/Express: checks routing (`:range.pbf`, encoded font names) and headers.
describe('BasemapController over HTTP', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create(BasemapModule.forRoot({}), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('GET /api/basemap/style.json uses the request host', async () => {
    const res = await fetch(`${base}/api/basemap/style.json`);
    expect(res.status).toBe(200);
    const style = (await res.json()) as { glyphs: string };
    expect(style.glyphs).toBe(`${base}/api/basemap/fonts/{fontstack}/{range}.pbf`);
  });

  it('GET /api/basemap/land.geojson is GeoJSON', async () => {
    const res = await fetch(`${base}/api/basemap/land.geojson`);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(((await res.json()) as { type: string }).type).toBe('FeatureCollection');
  });

  it('GET a glyph range as MapLibre requests it (encoded fontstack)', async () => {
    const res = await fetch(
      `${base}/api/basemap/fonts/${encodeURIComponent('Noto Sans Regular')},Arial%20Unicode%20MS%20Regular/0-255.pbf`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('refuses traversal and bad ranges', async () => {
    expect((await fetch(`${base}/api/basemap/fonts/..%2F..%2Fpackage.json/0-255.pbf`)).status).toBe(400);
    expect((await fetch(`${base}/api/basemap/fonts/Noto%20Sans%20Regular/0-10.pbf`)).status).toBe(400);
    expect((await fetch(`${base}/api/basemap/fonts/Nope/0-255.pbf`)).status).toBe(404);
  });

  it('GET /api/basemap/tiles.pmtiles is 404 without BASEMAP_PMTILES', async () => {
    const res = await fetch(`${base}/api/basemap/tiles.pmtiles`, { headers: { Range: 'bytes=0-99' } });
    expect(res.status).toBe(404);
  });
});
