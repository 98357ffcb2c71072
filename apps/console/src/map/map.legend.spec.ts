import type { City } from '@ioc/contracts/city.schema';
import type { DeviceKind } from '@ioc/contracts/device.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { sensorColor } from '../features/sensors/sensor-color';
import { legendSections, sensorLook } from './map.legend';
import { LEVEL_COLORS, OVERLAY_LAYERS } from './map.layers';
import { unitFeatures } from './unit.features';

const state = (metric: string, value: number | null): SensorState => ({
  deviceId: 'd',
  metrics: { [metric]: { value, unit: null, time: '2025-01-01T00:00:00Z' } },
});
const sensor = (kind: DeviceKind) => ({ kind }) as City['sensors'][number];
const unit = (type: string) => ({ type }) as City['units'][number];

describe('legendSections', () => {
  const city = {
    sensors: (['air_quality', 'water_level', 'flood_sensor', 'weather'] as DeviceKind[]).map(sensor),
    units: ['fire', 'ambulance'].map(unit),
    cameras: [{}],
  } as unknown as City;
  const sections = legendSections(city);
  const values = (layer: string, prop: string) =>
    new Set(
      sections
        .filter((s) => s.layer === layer && s.prop === prop)
        .flatMap((s) => s.entries.map((e) => e.value)),
    );

  it('covers every colour the sensor layer can draw, for every state of every kind', () => {
    const drawn = values('sensors', 'color');
    const samples: [DeviceKind, string, (number | null)[]][] = [
      ['air_quality', 'pm25', [null, 0, 10, 30, 60, 100, 200, 400]],
      ['water_level', 'water_level', [null, 0, 1.2, 1.6, 2.1, 3]],
      ['flood_sensor', 'water_leak', [null, 0, 1]],
      ['weather', 'rainfall', [null, 2]],
    ];
    for (const [kind, metric, vals] of samples)
      for (const v of vals) {
        const st = state(metric, v);
        const color = sensorColor(kind, st);
        expect({ kind, v, inLegend: drawn.has(color) }).toEqual({ kind, v, inLegend: true });
        // the tooltip's state word and the map colour come from the same entry
        expect(sensorLook(kind, st).color).toBe(color);
      }
    expect(sensorLook('air_quality', undefined).color).toBe(sensorColor('air_quality', undefined));
  });

  it('lists only the unit types the city has, and every status with its marker colour', () => {
    expect([...values('units', 'type')]).toEqual(['fire', 'ambulance']);
    const fc = unitFeatures(
      (['available', 'dispatched', 'en_route', 'on_scene', 'off_duty'] as const).map((status, i) => ({
        id: `u${i}`,
        name: 'U',
        type: 'fire' as const,
        status,
        lat: 10,
        lon: 108,
        positionTime: null,
        incidentId: null,
      })),
    );
    const legendStatus = sections.find((s) => s.id === 'unit-status')!.entries;
    for (const f of fc.features) {
      const e = legendStatus.find((x) => x.value === f.properties.status)!;
      expect(e.swatch).toEqual({ kind: 'dot', color: f.properties.color });
    }
  });

  it('takes cluster colours from the cluster layer definition', () => {
    const clusterLayer = OVERLAY_LAYERS.find((l) => l.id === 'sensor-clusters')!;
    const expr = JSON.stringify((clusterLayer as { paint: Record<string, unknown> }).paint['circle-color']);
    for (const c of LEVEL_COLORS) expect(expr).toContain(c);
    expect(sections.find((s) => s.id === 'sensor-clusters')!.entries.map((e) => e.swatch)).toEqual(
      LEVEL_COLORS.map((color) => ({ kind: 'cluster', color })),
    );
  });

  it('leaves out sections the city has nothing for', () => {
    const empty = legendSections({ sensors: [], units: [], cameras: [] } as unknown as City);
    expect(empty.map((s) => s.id)).toEqual(['incidents', 'dispatch', 'wards']);
  });
});
