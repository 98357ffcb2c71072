import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pointInPolygon, wardAt, type WardFeature } from './ward-locator';

const square = (x0: number, y0: number, size: number) => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

const features: WardFeature[] = [
  {
    properties: { id: 'a' },
    geometry: { type: 'Polygon', coordinates: [square(108, 10, 1), square(108.4, 10.4, 0.2)] },
  },
  {
    properties: { id: 'b' },
    geometry: { type: 'MultiPolygon', coordinates: [[square(109, 10, 1)], [square(111, 10, 1)]] },
  },
];

describe('ward locator', () => {
  it('finds the ward containing a point (lat/lon vs GeoJSON lon,lat order)', () => {
    expect(wardAt({ lat: 10.1, lon: 108.1 }, features)).toBe('a');
    expect(wardAt({ lat: 10.5, lon: 111.5 }, features)).toBe('b');
    // swapped coordinates fall outside
    expect(wardAt({ lat: 108.1, lon: 10.1 }, features)).toBeNull();
  });

  it('respects holes and answers null outside every ward', () => {
    expect(wardAt({ lat: 10.5, lon: 108.5 }, features)).toBeNull();
    expect(wardAt({ lat: 10.5, lon: 110.5 }, features)).toBeNull();
    expect(wardAt({ lat: Number.NaN, lon: 108.5 }, features)).toBeNull();
    expect(pointInPolygon({ lat: 10.5, lon: 108.1 }, [])).toBe(false);
  });

  it('puts every demo-city sensor in the ward the city config names', () => {
    const dir = join(__dirname, '../../../infra/city');
    const wards = JSON.parse(readFileSync(join(dir, 'wards.geojson'), 'utf8')) as { features: WardFeature[] };
    const city = JSON.parse(readFileSync(join(dir, 'city.json'), 'utf8')) as {
      sensors: { ward: string; lat: number; lon: number }[];
    };
    expect(city.sensors.length).toBeGreaterThan(10);
    for (const s of city.sensors) expect(wardAt(s, wards.features)).toBe(s.ward);
  });
});
