import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CitySchema, type City } from './city.schema';

// The demo city is data, but the server and simulator trust it blindly; these checks keep it coherent.
const cityDir = join(__dirname, '..', '..', '..', 'infra', 'city');
const raw: unknown = JSON.parse(readFileSync(join(cityDir, 'city.json'), 'utf8'));

interface WardFeature {
  type: 'Feature';
  properties: { id: string; name: string };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}
const wardsGeo = JSON.parse(readFileSync(join(cityDir, 'wards.geojson'), 'utf8')) as {
  type: string;
  features: WardFeature[];
};

// Around Phan Thiết: Tiến Thành in the south-west to Mũi Né in the north-east.
const BBOX = { minLat: 10.8, maxLat: 11.06, minLon: 107.95, maxLon: 108.37 };

/** Ray casting on a GeoJSON ring ([lon, lat] pairs). */
function inRing(lat: number, lon: number, ring: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('infra/city/city.json', () => {
  const parsed = CitySchema.safeParse(raw);
  const city = parsed.data as City;

  it('parses with CitySchema', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(city.name).toBe('Phan Thiết');
  });

  it('has about 40 sensors, 20 cameras and 12 units', () => {
    expect(city.sensors.length).toBeGreaterThanOrEqual(36);
    expect(city.sensors.length).toBeLessThanOrEqual(45);
    expect(city.cameras.length).toBeGreaterThanOrEqual(18);
    expect(city.cameras.length).toBeLessThanOrEqual(24);
    expect(city.units.length).toBeGreaterThanOrEqual(10);
    expect(city.units.length).toBeLessThanOrEqual(15);
  });

  it('has unique ids across wards, sensors, cameras and units, and unique Frigate names', () => {
    const ids = [...city.wards, ...city.sensors, ...city.cameras, ...city.units].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    const frigate = city.cameras.map((c) => c.frigateName);
    expect(new Set(frigate).size).toBe(frigate.length);
    for (const name of frigate) expect(name).toMatch(/^[a-z0-9_]+$/);
  });

  it('publishes at least 25 sensors as SenML (the first ingested format) and uses every format', () => {
    expect(city.sensors.filter((s) => s.format === 'senml').length).toBeGreaterThanOrEqual(25);
    expect(new Set(city.sensors.map((s) => s.format))).toEqual(
      new Set(['senml', 'fiware', 'ttn', 'zigbee2mqtt']),
    );
  });

  it('places every sensor and camera in an existing ward', () => {
    const wardIds = new Set(city.wards.map((w) => w.id));
    for (const x of [...city.sensors, ...city.cameras])
      expect({ id: x.id, ok: wardIds.has(x.ward) }).toEqual({ id: x.id, ok: true });
  });

  it('keeps every point inside a bounding box around Phan Thiết', () => {
    for (const p of [...city.sensors, ...city.cameras, ...city.units, ...city.landmarks]) {
      const ok = p.lat > BBOX.minLat && p.lat < BBOX.maxLat && p.lon > BBOX.minLon && p.lon < BBOX.maxLon;
      expect({ id: p.id, ok }).toEqual({ id: p.id, ok: true });
    }
    const [lat, lon] = city.center;
    expect(lat > BBOX.minLat && lat < BBOX.maxLat && lon > BBOX.minLon && lon < BBOX.maxLon).toBe(true);
  });

  it('has a bbox holding every point and flood alarm levels for every water gauge', () => {
    const [west, south, east, north] = city.bbox!;
    for (const p of [...city.sensors, ...city.cameras, ...city.units, ...city.landmarks]) {
      const ok = p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east;
      expect({ id: p.id, ok }).toEqual({ id: p.id, ok: true });
    }
    for (const s of city.sensors.filter((x) => x.kind === 'water_level'))
      expect({ id: s.id, alarms: s.floodAlarms !== undefined }).toEqual({ id: s.id, alarms: true });
    expect(city.sensors.filter((x) => x.kind !== 'water_level' && x.floodAlarms)).toEqual([]);
  });

  it('gives units an OwnTracks tracker unit/<id>', () => {
    for (const u of city.units) expect(u.tracker).toBe(`unit/${u.id}`);
    expect(new Set(city.units.map((u) => u.type)).size).toBe(6);
  });

  it('has a wards.geojson feature for exactly the configured wards', () => {
    expect(wardsGeo.type).toBe('FeatureCollection');
    expect(wardsGeo.features.map((f) => f.properties.id).sort()).toEqual(city.wards.map((w) => w.id).sort());
    const names = new Map(city.wards.map((w) => [w.id, w.name]));
    for (const f of wardsGeo.features) {
      expect(f.properties.name).toBe(names.get(f.properties.id));
      const ring = f.geometry.coordinates[0];
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
  });

  it('names 10–20 landmarks with unique ids, each inside some ward (incidents are described by them)', () => {
    expect(city.landmarks.length).toBeGreaterThanOrEqual(10);
    expect(city.landmarks.length).toBeLessThanOrEqual(20);
    const all = [...city.wards, ...city.sensors, ...city.cameras, ...city.units, ...city.landmarks];
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    const rings = wardsGeo.features.map((f) => f.geometry.coordinates[0]!);
    for (const l of city.landmarks)
      expect({ id: l.id, inWard: rings.some((r) => inRing(l.lat, l.lon, r)) }).toEqual({
        id: l.id,
        inWard: true,
      });
  });

  it('refuses landmarks with a duplicate id or out-of-range coordinates, and defaults to none', () => {
    const base = raw as Record<string, unknown>;
    const dup = { id: 'x', name: 'X', lat: 10.9, lon: 108.1 };
    expect(CitySchema.safeParse({ ...base, landmarks: [dup, dup] }).success).toBe(false);
    expect(CitySchema.safeParse({ ...base, landmarks: [{ ...dup, lat: 91 }] }).success).toBe(false);
    expect(CitySchema.safeParse({ ...base, landmarks: [{ ...dup, name: '' }] }).success).toBe(false);
    const { landmarks: _omit, ...without } = base;
    expect(CitySchema.parse(without).landmarks).toEqual([]);
  });

  it('puts every sensor and camera inside its own ward polygon', () => {
    const rings = new Map(wardsGeo.features.map((f) => [f.properties.id, f.geometry.coordinates[0]]));
    for (const p of [...city.sensors, ...city.cameras]) {
      const ring = rings.get(p.ward);
      expect({ id: p.id, inside: ring ? inRing(p.lat, p.lon, ring) : false }).toEqual({
        id: p.id,
        inside: true,
      });
    }
  });
});
