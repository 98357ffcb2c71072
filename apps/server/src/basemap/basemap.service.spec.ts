import { BadRequestException, NotFoundException } from '@nestjs/common';
import { BasemapService } from './basemap.service';
import { BASEMAP_FONT, LAND_BBOX } from './offline-style.factory';

interface StyleLayer {
  id: string;
  type: string;
  source?: string;
  layout?: Record<string, unknown>;
}
interface Style {
  version: number;
  glyphs: string;
  sources: Record<string, { type: string; data: string }>;
  layers: StyleLayer[];
}

describe('BasemapService', () => {
  const service = new BasemapService({});

  it('points the console at the offline style unless a style URL is configured', () => {
    expect(service.styleUrl()).toBe('/api/basemap/style.json');
    expect(new BasemapService({ styleUrl: 'https://tiles.example.org/style.json' }).styleUrl()).toBe(
      'https://tiles.example.org/style.json',
    );
  });

  it('builds a MapLibre v8 style with absolute same-host URLs', () => {
    const style = service.style('http', '127.0.0.1:8080') as unknown as Style;
    expect(style.version).toBe(8);
    expect(style.glyphs).toBe('http://127.0.0.1:8080/api/basemap/fonts/{fontstack}/{range}.pbf');
    expect(style.sources['land']).toEqual({
      type: 'geojson',
      data: 'http://127.0.0.1:8080/api/basemap/land.geojson',
      attribution: 'Natural Earth',
    });
    expect(style.sources['wards'].data).toBe('http://127.0.0.1:8080/api/city/wards.geojson');
    expect(style.layers[0]).toMatchObject({ id: 'sea', type: 'background' });
    const ids = new Set(style.layers.map((l) => l.id));
    expect(ids.size).toBe(style.layers.length);
    for (const l of style.layers) if (l.source) expect(Object.keys(style.sources)).toContain(l.source);
    for (const l of style.layers.filter((x) => x.type === 'symbol'))
      expect(l.layout?.['text-font']).toEqual([BASEMAP_FONT]);
    expect(service.availableFonts().has(BASEMAP_FONT)).toBe(true);
  });

  it('falls back to root-relative URLs when the Host header is not a plain host', () => {
    for (const host of ['evil.example/"><script>', 'a b', undefined, '']) {
      const style = service.style('http', host) as unknown as Style;
      expect(style.glyphs).toBe('/api/basemap/fonts/{fontstack}/{range}.pbf');
    }
    expect((service.style('https', '[::1]:8443') as unknown as Style).glyphs).toMatch(
      /^https:\/\/\[::1\]:8443\//,
    );
  });

  it('serves land polygons clipped to the region around Vietnam, computed once', () => {
    const text = service.landGeoJson();
    expect(text.length).toBeLessThan(1_000_000);
    expect(service.landGeoJson()).toBe(text);
    const fc = JSON.parse(text) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[][][][] } }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    const polygons = fc.features[0].geometry.coordinates;
    expect(polygons.length).toBeGreaterThan(10);
    const [w, s, e, n] = LAND_BBOX;
    for (const polygon of polygons) {
      for (const [x, y] of polygon[0]) expect(x >= w && x <= e && y >= s && y <= n).toBe(true);
      expect(polygon[0][0]).toEqual(polygon[0][polygon[0].length - 1]);
    }
    // Phan Thiết's hinterland is land in Natural Earth: some polygon must contain it.
    expect(polygons.some((p) => inRing(108.05, 11.0, p[0]))).toBe(true);
  });

  it('serves a glyph range, including Vietnamese letters, from the first available font', async () => {
    const latin = await service.glyphs(BASEMAP_FONT, '0-255');
    expect(latin.length).toBeGreaterThan(1000);
    const viet = await service.glyphs(`Open Sans Bold,${BASEMAP_FONT}`, '7680-7935');
    expect(viet.length).toBeGreaterThan(1000);
    expect(viet.equals(latin)).toBe(false);
  });

  it.each([
    ['../../../package.json', '0-255'],
    ['..', '0-255'],
    ['Noto Sans Regular/../..', '0-255'],
    ['/etc', '0-255'],
    ['Noto Sans Regular\u0000', '0-255'],
  ])('rejects the font name %j', async (fontstack, range) => {
    await expect(service.glyphs(fontstack, range)).rejects.toBeInstanceOf(BadRequestException);
  });

  it.each(['../0-255', '0-255/../../x', '1-256', '0-300', '65536-65791', 'abc'])(
    'rejects the range %j',
    async (range) => {
      await expect(service.glyphs(BASEMAP_FONT, range)).rejects.toBeInstanceOf(BadRequestException);
    },
  );

  it('answers 404 for fonts that are not installed', async () => {
    await expect(service.glyphs('Comic Sans', '0-255')).rejects.toBeInstanceOf(NotFoundException);
  });
});

function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
