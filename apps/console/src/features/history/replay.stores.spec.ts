import type { CityUnit } from '@ioc/contracts/city.schema';
import type { ReplayState } from '@ioc/contracts/history.schema';
import { IncidentSchema } from '@ioc/contracts/incident.schema';
import { UnitSchema } from '@ioc/contracts/unit.schema';
import { ReplayStores } from './replay.stores';

const cityUnits: CityUnit[] = [
  {
    id: 'u1',
    name: 'Xe cứu hỏa 1',
    type: 'fire',
    baseName: 'PCCC',
    lat: 10.9,
    lon: 108.1,
    tracker: 'fire/u1',
  },
];

const state: ReplayState = {
  at: '2026-03-01T00:05:00.000Z',
  sensors: [
    { deviceId: 'aq-1', metrics: { pm25: { value: 80, unit: 'ug/m3', time: '2026-03-01T00:04:00.000Z' } } },
  ],
  incidents: [
    {
      id: 'INC-1',
      status: 'dispatched',
      severity: 'Severe',
      category: 'fire',
      title: 'Cháy chợ',
      titleEn: 'Market fire',
      ward: 'w1',
      lat: 10.93,
      lon: 108.1,
      openedAt: '2026-03-01T00:00:00.000Z',
      since: '2026-03-01T00:03:00.000Z',
    },
  ],
  units: [
    {
      id: 'u1',
      status: 'dispatched',
      incidentId: 'INC-1',
      position: { lat: 10.91, lon: 108.11, time: '2026-03-01T00:04:30.000Z', heading: null },
    },
    // a unit the city no longer lists is not drawn (no name, no type to draw it with)
    { id: 'gone', status: 'available', incidentId: null, position: null },
  ],
  cameraEvents: [],
};

describe('ReplayStores', () => {
  it('puts a replayed situation into the live store shapes the map draws', () => {
    const r = new ReplayStores(cityUnits);
    r.apply(state);
    const inc = r.incidents.getSnapshot().get('INC-1')!;
    expect(IncidentSchema.parse(inc)).toMatchObject({
      status: 'dispatched',
      severity: 'Severe',
      updatedAt: '2026-03-01T00:03:00.000Z',
      unitIds: ['u1'],
    });
    expect([...r.units.getSnapshot().values()].map((u) => UnitSchema.parse(u))).toEqual([
      expect.objectContaining({
        id: 'u1',
        name: 'Xe cứu hỏa 1',
        type: 'fire',
        lat: 10.91,
        incidentId: 'INC-1',
      }),
    ]);
    expect(r.sensors.getSnapshot().get('aq-1')?.metrics['pm25']?.value).toBe(80);
  });

  it('replaces the whole situation on each state (an incident that ended is gone)', () => {
    const r = new ReplayStores(cityUnits);
    r.apply(state);
    r.apply({ ...state, at: '2026-03-01T00:20:00.000Z', incidents: [], sensors: [] });
    expect(r.incidents.getSnapshot().size).toBe(0);
    expect(r.sensors.getSnapshot().size).toBe(0);
  });
});
