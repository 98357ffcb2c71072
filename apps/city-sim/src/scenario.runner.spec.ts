import { loadCity } from './city.loader';
import { SCENARIOS } from './scenario.registry';
import { defaultScenarioStart, scenarioByName, scenarioManifest } from './scenario.runner';
import { SCENARIO_NAMES } from './scenario.types';

const city = loadCity();
const localH = (ms: number) => new Date(ms + 7 * 3_600_000).getUTCHours();

describe('scenario runner (pure parts)', () => {
  it('places a script so that it ends a minute or more before now, on a whole minute', () => {
    const now = Date.UTC(2026, 10, 23, 6, 30, 17);
    const s = SCENARIOS['pollution-episode'];
    const start = defaultScenarioStart(s, now);
    expect(start % 60_000).toBe(0);
    expect(start + s.info.durationMs).toBeLessThanOrEqual(now - 60_000);
    expect(start + s.info.durationMs).toBeGreaterThan(now - 120_000);
  });

  it('starts a night scenario inside its window, within the last 22 hours', () => {
    for (const utcH of [0, 5, 10, 15, 21]) {
      const now = Date.UTC(2026, 10, 23, utcH, 12);
      const start = defaultScenarioStart(SCENARIOS['night-intrusion'], now);
      expect(localH(start) >= 22 || localH(start) < 4).toBe(true);
      expect(now - start).toBeLessThan(22 * 3_600_000);
    }
  });

  it('every scenario has a manifest whose expected incidents name devices of the city', () => {
    const ids = new Set([...city.sensors.map((s) => s.id), ...city.cameras.map((c) => c.id)]);
    const wards = new Set(city.wards.map((w) => w.id));
    for (const name of SCENARIO_NAMES) {
      const m = scenarioManifest(name, { city, seed: 3, nowMs: Date.UTC(2026, 10, 23, 18) });
      expect(m.endMs - m.startMs).toBe(m.durationMs);
      for (const e of m.expected) {
        expect(ids.has(e.deviceId)).toBe(true);
        expect(wards.has(e.ward)).toBe(true);
        expect(e.key.endsWith(e.deviceId) || e.key.startsWith('camera:')).toBe(true);
      }
    }
    expect(() => scenarioByName('tsunami')).toThrow('unknown scenario "tsunami"');
  });
});
