import { DemoRotation } from './demo.rotation';

const at = (localH: number) => Date.UTC(2026, 10, 22, (localH - 7 + 24) % 24, 0);

describe('DemoRotation', () => {
  it('cycles through the scenarios, skipping night ones by day', () => {
    const r = new DemoRotation();
    const day = Array.from({ length: 5 }, () => r.next(at(14))?.info.name);
    expect(day).toEqual(['market-fire', 'watchlist-plate', 'flood', 'pollution-episode', 'market-fire']);
    const night = new DemoRotation(['night-intrusion']);
    expect(night.next(at(23))?.info.name).toBe('night-intrusion');
    expect(night.next(at(12))).toBeNull();
  });
});
