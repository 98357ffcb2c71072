import { haversineM } from '@ioc/domain/geo';
import { legDurationMs, legPosition, planLeg } from './unit-response.model';

// fire-01's base (PCCC Phan Thiết) to Chợ Phan Thiết
const base = { lat: 10.937, lon: 108.099 };
const market = { lat: 10.9262, lon: 108.1003 };
const fire = { id: 'fire-01', type: 'fire' as const };

describe('unit response legs', () => {
  it('drives at a plausible city speed and takes distance / speed', () => {
    const leg = planLeg(1, fire, base, market, 1_000_000, 1);
    expect(leg.speedKmh).toBeGreaterThanOrEqual(30);
    expect(leg.speedKmh).toBeLessThanOrEqual(50);
    expect(leg.distanceM).toBeCloseTo(haversineM(base, market), 6);
    expect(legDurationMs(leg)).toBeCloseTo((leg.distanceM / (leg.speedKmh / 3.6)) * 1000, 3);
    // ten times faster: a tenth of the time, the same reported speed
    const fast = planLeg(1, fire, base, market, 1_000_000, 10);
    expect(legDurationMs(fast)).toBeCloseTo(legDurationMs(leg) / 10, 3);
    expect(fast.speedKmh).toBe(leg.speedKmh);
  });

  it('gets steadily closer, stays near the straight line, and arrives exactly at the incident', () => {
    const leg = planLeg(7, fire, base, market, 0, 1);
    const total = legDurationMs(leg);
    let last = Infinity;
    for (let i = 0; i <= 20; i++) {
      const p = legPosition(leg, (total * i) / 20);
      const d = haversineM(p, market);
      expect(d).toBeLessThan(last + 1e-6);
      last = d;
      expect(p.arrived).toBe(i === 20);
      expect(p.speedKmh).toBe(i === 20 ? 0 : leg.speedKmh);
    }
    expect(legPosition(leg, total + 60_000)).toMatchObject({ ...market, arrived: true });
    // the bow is at most 10 % of the distance and 150 m
    const mid = legPosition(leg, total / 2);
    const straight = { lat: (base.lat + market.lat) / 2, lon: (base.lon + market.lon) / 2 };
    expect(haversineM(mid, straight)).toBeLessThan(Math.min(150, 0.1 * leg.distanceM) + 5);
  });

  it('stands still before it starts', () => {
    const leg = planLeg(1, fire, base, market, 10_000, 1);
    const p = legPosition(leg, 0);
    expect(haversineM(p, base)).toBeLessThan(0.01);
    expect(p.arrived).toBe(false);
  });
});
