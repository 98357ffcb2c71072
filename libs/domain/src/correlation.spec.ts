import { areCompatible, correlate, type CorrelationCandidate } from './correlation';
import { destinationPoint } from './geo';

const cho = { lat: 10.9262, lon: 108.1003 }; // Chợ Phan Thiết
const T = Date.parse('2025-05-01T12:00:00Z');
const at = (min: number) => new Date(T + min * 60_000).toISOString();

function incident(
  id: string,
  over: Partial<CorrelationCandidate> & { bearing?: number; distance?: number } = {},
) {
  const { bearing = 0, distance = 0, ...rest } = over;
  const p = destinationPoint(cho, bearing, distance);
  return { id, category: 'fire', status: 'new' as const, lat: p.lat, lon: p.lon, openedAt: at(0), ...rest };
}

describe('correlate', () => {
  const signal = { category: 'fire', ...cho, time: at(5) };

  it('attaches a signal within 200 m and 10 min of an open incident of the same category', () => {
    const result = correlate(signal, [incident('inc-1', { distance: 150 })]);
    expect(result?.incident.id).toBe('inc-1');
    expect(result?.distanceM).toBeCloseTo(150, 6);
  });

  it('picks the nearest of several candidates', () => {
    const result = correlate(signal, [
      incident('far', { distance: 190, bearing: 90 }),
      incident('near', { distance: 40, bearing: 270 }),
      incident('mid', { distance: 120 }),
    ]);
    expect(result?.incident.id).toBe('near');
  });

  it('breaks distance ties by latest activity, then by id', () => {
    const a = incident('b-inc', { distance: 50, lastSignalAt: at(1) });
    const b = incident('a-inc', { distance: 50, lastSignalAt: at(1) });
    const c = incident('c-inc', { distance: 50, lastSignalAt: at(3) });
    expect(correlate(signal, [a, b])?.incident.id).toBe('a-inc');
    expect(correlate(signal, [a, b, c])?.incident.id).toBe('c-inc');
  });

  it('does not attach beyond the radius or the time window (edges included)', () => {
    expect(correlate(signal, [incident('x', { distance: 201 })])).toBeNull();
    expect(correlate(signal, [incident('x', { distance: 199.9 })])).not.toBeNull();
    expect(correlate({ ...signal, time: at(10) }, [incident('x')])?.incident.id).toBe('x');
    expect(correlate({ ...signal, time: at(10.01) }, [incident('x')])).toBeNull();
    // a signal slightly earlier than the incident (clock skew between feeds) still joins
    expect(correlate({ ...signal, time: at(-3) }, [incident('x')])?.incident.id).toBe('x');
  });

  it('slides the window with the latest evidence', () => {
    const late = { ...signal, time: at(25) };
    expect(correlate(late, [incident('x')])).toBeNull();
    expect(correlate(late, [incident('x', { lastSignalAt: at(18) })])?.incident.id).toBe('x');
  });

  it('ignores resolved, closed and cancelled incidents and those without a location', () => {
    for (const status of ['resolved', 'closed', 'cancelled'] as const)
      expect(correlate(signal, [incident('x', { status })])).toBeNull();
    expect(correlate(signal, [incident('x', { status: 'on_scene' })])).not.toBeNull();
    expect(correlate(signal, [{ ...incident('x'), lat: null, lon: null }])).toBeNull();
  });

  it('joins only compatible categories', () => {
    expect(correlate({ ...signal, category: 'flood' }, [incident('x')])).toBeNull();
    const aq = incident('env', { category: 'environment' });
    expect(correlate({ ...signal, category: 'air_quality' }, [aq])?.incident.id).toBe('env');
    const tr = incident('tr', { category: 'traffic' });
    expect(correlate({ ...signal, category: 'security' }, [tr])?.incident.id).toBe('tr');
  });

  it('takes R, T and the compatibility table from options', () => {
    const opts = { radiusM: 500, windowMin: 30, compatibility: { fire: ['fire', 'utility'] } };
    expect(
      correlate({ ...signal, time: at(25) }, [incident('x', { distance: 450 })], opts)?.incident.id,
    ).toBe('x');
    expect(correlate(signal, [incident('u', { category: 'utility' })], opts)?.incident.id).toBe('u');
    expect(correlate(signal, [incident('u', { category: 'utility' })])).toBeNull();
  });

  it('returns null for a signal without a usable time or position', () => {
    expect(correlate({ ...signal, time: 'yesterday' }, [incident('x')])).toBeNull();
    expect(correlate({ ...signal, lat: NaN }, [incident('x')])).toBeNull();
  });
});

describe('areCompatible', () => {
  it('reads the table both ways', () => {
    expect(areCompatible('air_quality', 'environment')).toBe(true);
    expect(areCompatible('environment', 'air_quality')).toBe(true);
    expect(areCompatible('traffic', 'security')).toBe(true);
    expect(areCompatible('fire', 'flood')).toBe(false);
    expect(areCompatible('custom', 'custom')).toBe(true);
  });
});
