import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { City, CityCamera, CitySensor } from '@ioc/contracts/city.schema';

const CITY_DIR = join(__dirname, '../../../../infra/city');

export interface RulesCity {
  /** Absolute CITY_DIR for startTestServer. */
  dir: string;
  city: City;
  cleanup(): void;
}

/**
 * A city folder for one test file: the demo city plus the test's own sensors and cameras (ids unique to
 * the run, so servers of parallel test files on the same broker do not share devices) and its own
 * rules.yaml. The server loads it exactly like infra/city (CITY_DIR).
 */
export function makeRulesCity(opts: {
  sensors?: CitySensor[];
  cameras?: CityCamera[];
  rules: Record<string, unknown>[];
  maxEventAge?: string;
}): RulesCity {
  const base = JSON.parse(readFileSync(join(CITY_DIR, 'city.json'), 'utf8')) as City;
  const city: City = {
    ...base,
    sensors: [...base.sensors, ...(opts.sensors ?? [])],
    cameras: [...base.cameras, ...(opts.cameras ?? [])],
  };
  const dir = mkdtempSync(join(tmpdir(), 'ioc-rules-city-'));
  writeFileSync(join(dir, 'city.json'), JSON.stringify(city, null, 2));
  copyFileSync(join(CITY_DIR, 'wards.geojson'), join(dir, 'wards.geojson'));
  writeFileSync(
    join(dir, 'rules.yaml'),
    stringify({ maxEventAge: opts.maxEventAge ?? '48h', rules: opts.rules }),
  );
  return { dir, city, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A test sensor (SenML) placed at lat/lon. */
export function testSensor(
  id: string,
  kind: CitySensor['kind'],
  metrics: string[],
  lat: number,
  lon: number,
  extra: Partial<CitySensor> = {},
): CitySensor {
  return {
    id,
    name: `Test ${id}`,
    kind,
    ward: 'duc-nghia',
    lat,
    lon,
    metrics,
    expectedIntervalS: 60,
    format: 'senml',
    ...extra,
  };
}

/** A test camera; its Frigate name is the id with _ for -. */
export function testCamera(id: string, lat: number, lon: number): CityCamera {
  return {
    id,
    name: `Camera ${id}`,
    ward: 'duc-nghia',
    lat,
    lon,
    bearing: 0,
    fov: 360,
    range: 100,
    frigateName: id.replace(/-/g, '_'),
  };
}
