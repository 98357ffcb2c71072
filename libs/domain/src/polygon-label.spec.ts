import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelPointLonLat, poleOfInaccessibility } from './polygon-label';
import { pointInPolygon, wardAt } from './ward-locator';

const square = [
  [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
    [0, 0],
  ],
];

describe('poleOfInaccessibility', () => {
  it('is the centre of a square', () => {
    const [x, y] = poleOfInaccessibility(square, 1e-3);
    expect(x).toBeCloseTo(5, 2);
    expect(y).toBeCloseTo(5, 2);
  });

  it('stays inside a U shape whose centroid is outside', () => {
    // U open to the north: the centroid (5, ~3.9) lies in the gap between the arms above y = 2
    const u = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [8, 10],
        [8, 2],
        [2, 2],
        [2, 10],
        [0, 10],
        [0, 0],
      ],
    ];
    const [x, y] = poleOfInaccessibility(u, 1e-3);
    expect(pointInPolygon({ lon: x, lat: y }, u)).toBe(true);
    expect(pointInPolygon({ lon: 5, lat: 4 }, u)).toBe(false);
  });

  it('keeps away from a hole', () => {
    const withHole = [
      square[0]!,
      [
        [3, 3],
        [7, 3],
        [7, 7],
        [3, 7],
        [3, 3],
      ],
    ];
    const [x, y] = poleOfInaccessibility(withHole, 1e-3);
    expect(pointInPolygon({ lon: x, lat: y }, withHole)).toBe(true);
  });
});

describe('labelPointLonLat', () => {
  it('labels a MultiPolygon once, in its largest part', () => {
    const small = [
      [
        [108.3, 10.9],
        [108.301, 10.9],
        [108.301, 10.901],
        [108.3, 10.9],
      ],
    ];
    const big = [
      [
        [108.1, 10.9],
        [108.12, 10.9],
        [108.12, 10.92],
        [108.1, 10.92],
        [108.1, 10.9],
      ],
    ];
    const p = labelPointLonLat({ type: 'MultiPolygon', coordinates: [small, big] })!;
    expect(p[0]).toBeCloseTo(108.11, 3);
    expect(p[1]).toBeCloseTo(10.91, 3);
  });

  it('gives every ward of the demo city a point inside it', () => {
    const wards = JSON.parse(readFileSync(join(__dirname, '../../../infra/city/wards.geojson'), 'utf8')) as {
      features: { properties: { id: string }; geometry: { type: string; coordinates: number[][][] } }[];
    };
    expect(wards.features.length).toBeGreaterThan(10);
    for (const f of wards.features) {
      const [lon, lat] = labelPointLonLat(f.geometry)!;
      expect({ id: f.properties.id, inside: pointInPolygon({ lon, lat }, f.geometry.coordinates) }).toEqual({
        id: f.properties.id,
        inside: true,
      });
      // and only that ward (adjacent outlines overlap a little in the demo data)
      expect(wardAt({ lon, lat }, wards.features)).toBe(f.properties.id);
    }
  });

  it('is null for a non-polygon', () => {
    expect(labelPointLonLat({ type: 'Point', coordinates: [1, 2] })).toBeNull();
  });
});
