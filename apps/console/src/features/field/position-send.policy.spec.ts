import { shouldSend, type Fix } from './position-send.policy';

const policy = { intervalMs: 30_000, fastIntervalMs: 5_000, fastKmh: 20 };
const fix = (at: number, lat = 10.93, lon = 108.1, speedKmh: number | null = null): Fix => ({
  at,
  lat,
  lon,
  speedKmh,
});

describe('shouldSend', () => {
  it('sends the first fix, then every interval when standing still', () => {
    expect(shouldSend(null, fix(0), policy)).toBe(true);
    expect(shouldSend(fix(0), fix(10_000), policy)).toBe(false);
    expect(shouldSend(fix(0), fix(30_000), policy)).toBe(true);
  });
  it('sends sooner when the phone reports a fast speed, but not faster than the fast interval', () => {
    expect(shouldSend(fix(0), fix(6_000, 10.93, 108.1, 50), policy)).toBe(true);
    expect(shouldSend(fix(0), fix(3_000, 10.93, 108.1, 50), policy)).toBe(false);
    expect(shouldSend(fix(0), fix(6_000, 10.93, 108.1, 5), policy)).toBe(false);
  });
  it('derives the speed from the distance when the phone gives none', () => {
    // 0.001° of latitude ≈ 111 m in 10 s ≈ 40 km/h
    expect(shouldSend(fix(0), fix(10_000, 10.931), policy)).toBe(true);
    expect(shouldSend(fix(0), fix(10_000, 10.93001), policy)).toBe(false);
  });
});
