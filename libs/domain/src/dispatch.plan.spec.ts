import { UnitSchema, type Unit } from '@ioc/contracts/unit.schema';
import { IncidentCategorySchema } from '@ioc/contracts/incident.schema';
import { CapSeveritySchema } from '@ioc/contracts/incident-signal.schema';
import { DEFAULT_DISPATCH_NEEDS, needsFor } from './dispatch.needs';
import { mergeNeeds, planDispatch } from './dispatch.plan';

// Chợ Phan Thiết; units at their bases of infra/city/city.json (police-02 is the nearest of all).
const market = { lat: 10.9262, lon: 108.1003 };

function unit(id: string, type: Unit['type'], lat: number, lon: number, extra: Partial<Unit> = {}): Unit {
  return UnitSchema.parse({
    id,
    name: id,
    type,
    status: 'available',
    lat,
    lon,
    positionTime: null,
    incidentId: null,
    ...extra,
  });
}

const city = [
  unit('police-01', 'police', 10.93, 108.104),
  unit('police-02', 'police', 10.924, 108.096),
  unit('fire-01', 'fire', 10.937, 108.099, { atBase: true }),
  unit('fire-02', 'fire', 10.937, 108.099, { atBase: true }),
  unit('fire-03', 'fire', 10.959, 108.232, { atBase: true }),
  unit('ambulance-01', 'ambulance', 10.944, 108.1065),
  unit('ambulance-02', 'ambulance', 10.9465, 108.1085),
  unit('traffic-01', 'traffic', 10.935, 108.095),
  unit('traffic-02', 'traffic', 10.935, 108.095),
  unit('environment-01', 'environment', 10.915, 108.08),
  unit('utility-01', 'utility', 10.9315, 108.0955),
];

const proposedIds = (r: ReturnType<typeof planDispatch>) =>
  r.candidates.filter((c) => c.proposed).map((c) => c.unit.id);

describe('needsFor', () => {
  it('gives a Severe fire two engines, an ambulance and traffic police; a Minor one a single engine', () => {
    expect(needsFor('fire', 'Severe')).toEqual([
      { type: 'fire', count: 2 },
      { type: 'ambulance', count: 1 },
      { type: 'traffic', count: 1 },
    ]);
    expect(needsFor('fire', 'Extreme')).toEqual(needsFor('fire', 'Severe'));
    expect(needsFor('fire', 'Minor')).toEqual([{ type: 'fire', count: 1 }]);
    expect(needsFor('fire', 'Moderate')).toEqual([{ type: 'fire', count: 1 }]);
    expect(needsFor('air_quality', 'Severe')).toEqual([{ type: 'environment', count: 1 }]);
    expect(needsFor('other', 'Extreme')).toEqual([]);
  });

  it('has a rule for every category and severity (other: none) and never needs police for a fire', () => {
    for (const c of IncidentCategorySchema.options)
      for (const s of CapSeveritySchema.options) {
        const needs = needsFor(c, s);
        expect(needs.length > 0).toBe(c !== 'other');
        if (c === 'fire') expect(needs.map((n) => n.type)).not.toContain('police');
      }
    expect(Object.keys(DEFAULT_DISPATCH_NEEDS).sort()).toEqual([...IncidentCategorySchema.options].sort());
  });

  it('takes the configured rules of a category instead of the built-in ones', () => {
    const table = { fire: [{ units: [{ type: 'fire' as const, count: 3 }] }] };
    expect(needsFor('fire', 'Severe', table)).toEqual([{ type: 'fire', count: 3 }]);
    expect(needsFor('security', 'Minor', table)).toEqual([{ type: 'police', count: 1 }]);
  });
});

describe('planDispatch', () => {
  it('proposes the nearest units of each needed type for a Severe fire, never the nearer police patrol', () => {
    const r = planDispatch(market, needsFor('fire', 'Severe'), city);
    // every available unit is a candidate, nearest first; the nearest of all is a police patrol
    expect(r.candidates).toHaveLength(city.length);
    expect(r.candidates[0].unit.id).toBe('police-02');
    const d = r.candidates.map((c) => c.distanceM);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(proposedIds(r).sort()).toEqual(['ambulance-01', 'fire-01', 'fire-02', 'traffic-01']);
    expect(r.candidates.filter((c) => c.unit.type === 'police').every((c) => !c.proposed)).toBe(true);
    expect(r.candidates.find((c) => c.unit.id === 'fire-01')).toMatchObject({ atBase: true });
    expect(r.candidates.find((c) => c.unit.id === 'police-01')).toMatchObject({ atBase: false });
    expect(r.unmet).toEqual([]);
  });

  it('never proposes a type the category does not need, even when it is the only unit around', () => {
    for (const category of IncidentCategorySchema.options) {
      const needs = needsFor(category, 'Severe');
      const types = new Set(needs.map((n) => n.type));
      const r = planDispatch(market, needs, city);
      for (const c of r.candidates.filter((x) => x.proposed)) expect(types.has(c.unit.type)).toBe(true);
    }
    expect(proposedIds(planDispatch(market, [], city))).toEqual([]);
    const onlyPolice = planDispatch(market, needsFor('fire', 'Minor'), [city[0], city[1]]);
    expect(proposedIds(onlyPolice)).toEqual([]);
    expect(onlyPolice.unmet).toEqual([{ type: 'fire', count: 1 }]);
  });

  it('reports what no available unit covers, and skips busy, off-duty and position-less units', () => {
    const busy = city.map((u) =>
      u.id === 'fire-01'
        ? { ...u, status: 'dispatched' as const, incidentId: 'INC-X' }
        : u.id === 'fire-02'
          ? { ...u, status: 'off_duty' as const }
          : u.id === 'ambulance-02'
            ? { ...u, lat: null, lon: null }
            : u,
    );
    const r = planDispatch(market, needsFor('fire', 'Severe'), busy);
    expect(proposedIds(r).sort()).toEqual(['ambulance-01', 'fire-03', 'traffic-01']);
    expect(r.unmet).toEqual([{ type: 'fire', count: 1 }]);
    expect(r.candidates.map((c) => c.unit.id)).not.toEqual(expect.arrayContaining(['fire-01']));
    expect(r.candidates.some((c) => ['fire-01', 'fire-02', 'ambulance-02'].includes(c.unit.id))).toBe(false);
  });

  it('counts units already working the incident against its needs', () => {
    const working = city.map((u) =>
      u.id === 'fire-01' ? { ...u, status: 'on_scene' as const, incidentId: 'INC-1' } : u,
    );
    const r = planDispatch(market, needsFor('fire', 'Severe'), working, { incidentId: 'INC-1' });
    expect(r.working).toEqual([{ type: 'fire', count: 1 }]);
    expect(proposedIds(r).sort()).toEqual(['ambulance-01', 'fire-02', 'traffic-01']);
  });

  it('uses each type’s speed for the ETA', () => {
    const r = planDispatch(market, [], city, { speedsKmh: { fire: 36 }, defaultSpeedKmh: 72 });
    for (const c of r.candidates) {
      const kmh = c.unit.type === 'fire' ? 36 : 72;
      expect(c.etaS).toBe(Math.ceil(c.distanceM / (kmh / 3.6) - 1e-9));
    }
  });

  it('merges a type listed twice', () => {
    expect(
      mergeNeeds([
        { type: 'fire', count: 1 },
        { type: 'police', count: 1 },
        { type: 'fire', count: 2 },
      ]),
    ).toEqual([
      { type: 'fire', count: 3 },
      { type: 'police', count: 1 },
    ]);
  });
});
