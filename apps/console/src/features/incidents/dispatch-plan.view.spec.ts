import type { DispatchCandidate } from '@ioc/contracts/dispatch-plan.dto';
import type { UnitType } from '@ioc/contracts/unit.schema';
import { statusDuration } from './unit-status.time';
import { arrangeCandidates, needsText } from './dispatch-plan.view';

const c = (id: string, type: UnitType, distanceM: number, proposed = false): DispatchCandidate => ({
  unit: { id, name: id, type, status: 'available', lat: 0, lon: 0, positionTime: null, incidentId: null },
  distanceM,
  etaS: 60,
  proposed,
  atBase: true,
});

describe('arrangeCandidates', () => {
  it('puts the proposal first in the order of the needs, then the other units grouped by type', () => {
    const rows = arrangeCandidates({
      needs: [
        { type: 'fire', count: 2 },
        { type: 'ambulance', count: 1 },
        { type: 'traffic', count: 1 },
      ],
      candidates: [
        c('police-02', 'police', 500),
        c('traffic-01', 'traffic', 900, true),
        c('police-01', 'police', 950),
        c('fire-01', 'fire', 1200, true),
        c('fire-02', 'fire', 1210, true),
        c('ambulance-01', 'ambulance', 2000, true),
        c('traffic-02', 'traffic', 2100),
        c('utility-01', 'utility', 800),
        c('fire-03', 'fire', 14000),
      ],
    });
    expect(rows.proposed.map((r) => r.unit.id)).toEqual(['fire-01', 'fire-02', 'ambulance-01', 'traffic-01']);
    expect(rows.groups.map((g) => [g.type, g.units.map((u) => u.unit.id)])).toEqual([
      ['fire', ['fire-03']],
      ['traffic', ['traffic-02']],
      ['police', ['police-02', 'police-01']],
      ['utility', ['utility-01']],
    ]);
  });

  it('proposes nothing when the category needs nothing', () => {
    const rows = arrangeCandidates({ needs: [], candidates: [c('police-01', 'police', 10)] });
    expect(rows.proposed).toEqual([]);
    expect(rows.groups).toHaveLength(1);
  });

  it('writes the needs as a list', () => {
    expect(
      needsText(
        [
          { type: 'fire', count: 2 },
          { type: 'ambulance', count: 1 },
        ],
        (n) => `${n.count} ${n.type}`,
      ),
    ).toBe('2 fire, 1 ambulance');
  });
});

describe('statusDuration', () => {
  it('counts whole minutes and hours since the status began', () => {
    const t = Date.parse('2026-12-04T10:00:00Z');
    expect(statusDuration('2026-12-04T10:00:00Z', t + 59_000)).toEqual({ h: 0, m: 0 });
    expect(statusDuration('2026-12-04T10:00:00Z', t + 12 * 60_000 + 5_000)).toEqual({ h: 0, m: 12 });
    expect(statusDuration('2026-12-04T10:00:00Z', t + 65 * 60_000)).toEqual({ h: 1, m: 5 });
    expect(statusDuration(undefined, t)).toBeNull();
    expect(statusDuration('2026-12-04T10:00:00Z', t - 5000)).toEqual({ h: 0, m: 0 });
  });
});
