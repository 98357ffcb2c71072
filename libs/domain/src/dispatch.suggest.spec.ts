import { UnitSchema, type Unit } from '@ioc/contracts/unit.schema';
import { etaSeconds, suggestUnits } from './dispatch.suggest';

// Incident at the Chợ Phan Thiết station; units at their bases from infra/city/city.json.
const incident = { lat: 10.9262, lon: 108.1003 };

function unit(
  id: string,
  type: Unit['type'],
  lat: number | null,
  lon: number | null,
  status: Unit['status'] = 'available',
) {
  return UnitSchema.parse({ id, name: id, type, status, lat, lon, positionTime: null, incidentId: null });
}

const units = [
  unit('fire-01', 'fire', 10.937, 108.099),
  unit('fire-03', 'fire', 10.959, 108.232),
  unit('ambulance-01', 'ambulance', 10.944, 108.1065),
  unit('police-01', 'police', 10.93, 108.104),
  unit('police-02', 'police', 10.924, 108.096),
  unit('traffic-01', 'traffic', 10.935, 108.095),
  unit('police-03', 'police', 10.942, 108.103, 'dispatched'),
  unit('utility-01', 'utility', 10.9315, 108.0955, 'off_duty'),
  unit('environment-01', 'environment', null, null),
];

/*
 * Hand-computed (equirectangular, 111 195.08 m per degree, × cos(mean latitude) for longitude):
 *   police-02:    Δy = −0.0022° → −244.63 m, Δx = −0.0043° → −469.47 m  → 529.38 m
 *   police-01:    Δy =  0.0038° →  422.54 m, Δx =  0.0037° →  403.96 m  → 584.57 m
 *   traffic-01:   Δy =  0.0088° →  978.52 m, Δx = −0.0053° → −578.64 m  → 1136.80 m
 *   fire-01:      Δy =  0.0108° → 1200.91 m, Δx = −0.0013° → −141.93 m  → 1209.26 m
 *   ambulance-01: Δy =  0.0178° → 1979.27 m, Δx =  0.0062° →  676.89 m  → 2091.82 m
 *   fire-03:      Δy =  0.0328° → 3647.20 m, Δx =  0.1317° → 14378.13 m → 14833.49 m
 */
describe('suggestUnits', () => {
  it('orders available units by great-circle distance with ETA at 40 km/h', () => {
    const result = suggestUnits(incident, units);
    expect(result.map((s) => s.unit.id)).toEqual([
      'police-02',
      'police-01',
      'traffic-01',
      'fire-01',
      'ambulance-01',
      'fire-03',
    ]);
    const expected = [529.38, 584.57, 1136.8, 1209.26, 2091.82, 14833.49];
    result.forEach((s, i) => expect(s.distanceM).toBeCloseTo(expected[i], 1));
    // 529.38 m at 11.111 m/s = 47.6 s → 48 s; 14 833.49 m → 1335.01 s → 1336 s
    expect(result[0].etaS).toBe(48);
    expect(result[5].etaS).toBe(1336);
  });

  it('never suggests dispatched, off-duty or position-less units', () => {
    const ids = suggestUnits(incident, units).map((s) => s.unit.id);
    expect(ids).not.toContain('police-03');
    expect(ids).not.toContain('utility-01');
    expect(ids).not.toContain('environment-01');
  });

  it('filters by type, excludes ids and limits', () => {
    expect(suggestUnits(incident, units, { types: ['fire'] }).map((s) => s.unit.id)).toEqual([
      'fire-01',
      'fire-03',
    ]);
    expect(
      suggestUnits(incident, units, { types: ['fire', 'ambulance'], limit: 2 }).map((s) => s.unit.id),
    ).toEqual(['fire-01', 'ambulance-01']);
    expect(suggestUnits(incident, units, { excludeIds: ['police-02'], limit: 1 })[0].unit.id).toBe(
      'police-01',
    );
  });

  it('uses per-type speeds', () => {
    const [fire] = suggestUnits(incident, units, {
      types: ['fire'],
      speedsKmh: { fire: 60 },
      defaultSpeedKmh: 30,
    });
    // 1209.26 m at 16.667 m/s = 72.6 s
    expect(fire.etaS).toBe(73);
    const [police] = suggestUnits(incident, units, {
      types: ['police'],
      speedsKmh: { fire: 60 },
      defaultSpeedKmh: 30,
    });
    // 529.38 m at 8.333 m/s = 63.5 s
    expect(police.etaS).toBe(64);
  });

  it('keeps a stable order by id for units at the same place', () => {
    const twins = [unit('fire-02', 'fire', 10.937, 108.099), unit('fire-01', 'fire', 10.937, 108.099)];
    expect(suggestUnits(incident, twins).map((s) => s.unit.id)).toEqual(['fire-01', 'fire-02']);
    expect(suggestUnits(incident, [...twins].reverse()).map((s) => s.unit.id)).toEqual([
      'fire-01',
      'fire-02',
    ]);
  });
});

describe('etaSeconds', () => {
  it('converts km/h to seconds, rounding up', () => {
    expect(etaSeconds(1000, 36)).toBe(100);
    expect(etaSeconds(1001, 36)).toBe(101);
    expect(etaSeconds(0, 40)).toBe(0);
    expect(() => etaSeconds(100, 0)).toThrow(RangeError);
  });
});
