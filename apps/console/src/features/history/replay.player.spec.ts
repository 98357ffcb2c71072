import type { ReplayState } from '@ioc/contracts/history.schema';
import { advance, applyChanges } from './replay.player';

const base: ReplayState = {
  at: '2026-03-01T00:00:00.000Z',
  sensors: [
    { deviceId: 'aq', metrics: { pm25: { value: 10, unit: 'ug/m3', time: '2026-03-01T00:00:00.000Z' } } },
  ],
  incidents: [
    {
      id: 'INC-1',
      status: 'new',
      severity: 'Minor',
      category: 'fire',
      title: 'Cháy',
      titleEn: 'Fire',
      ward: null,
      lat: null,
      lon: null,
      openedAt: '2026-03-01T00:00:00.000Z',
      since: '2026-03-01T00:00:00.000Z',
    },
  ],
  units: [{ id: 'u1', status: 'available', incidentId: null, position: null }],
  cameraEvents: [],
};

describe('applyChanges', () => {
  it('applies readings, incident and unit changes, positions and camera events up to `at`', () => {
    const { state, needsState } = applyChanges(
      base,
      [
        {
          kind: 'reading',
          time: '2026-03-01T00:01:00.000Z',
          deviceId: 'aq',
          metric: 'pm25',
          value: 55,
          unit: 'ug/m3',
        },
        {
          kind: 'incident',
          time: '2026-03-01T00:02:00.000Z',
          id: 'INC-1',
          status: 'acknowledged',
          severity: 'Severe',
        },
        {
          kind: 'unit',
          time: '2026-03-01T00:03:00.000Z',
          id: 'u1',
          status: 'dispatched',
          incidentId: 'INC-1',
        },
        {
          kind: 'position',
          time: '2026-03-01T00:03:30.000Z',
          id: 'u1',
          lat: 10.9,
          lon: 108.1,
          heading: null,
        },
        { kind: 'camera_start', time: '2026-03-01T00:04:00.000Z', id: 'ev', camera: 'c', label: 'person' },
        {
          kind: 'incident',
          time: '2026-03-01T00:09:00.000Z',
          id: 'INC-1',
          status: 'resolved',
          severity: 'Severe',
        },
      ],
      '2026-03-01T00:05:00.000Z',
    );
    expect(needsState).toBe(false);
    expect(state.sensors[0].metrics.pm25.value).toBe(55);
    expect(state.incidents).toEqual([
      expect.objectContaining({ id: 'INC-1', status: 'acknowledged', severity: 'Severe' }),
    ]);
    expect(state.units[0]).toMatchObject({
      status: 'dispatched',
      incidentId: 'INC-1',
      position: { lat: 10.9 },
    });
    expect(state.cameraEvents.map((c) => c.id)).toEqual(['ev']);
  });

  it('drops incidents that end and asks for a full state when a new one opens', () => {
    const r = applyChanges(
      base,
      [
        {
          kind: 'incident',
          time: '2026-03-01T00:01:00.000Z',
          id: 'INC-1',
          status: 'cancelled',
          severity: 'Minor',
        },
        { kind: 'incident', time: '2026-03-01T00:02:00.000Z', id: 'INC-2', status: 'new', severity: 'Minor' },
      ],
      '2026-03-01T00:05:00.000Z',
    );
    expect(r.state.incidents).toEqual([]);
    expect(r.needsState).toBe(true);
  });

  it('advances the replay clock by speed and stops at the end', () => {
    expect(advance(0, 1000, 60, 10 * 60_000)).toBe(60_000);
    expect(advance(9.5 * 60_000, 1000, 60, 10 * 60_000)).toBe(10 * 60_000);
  });
});
