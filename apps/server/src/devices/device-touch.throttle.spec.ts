import { DeviceTouchThrottle } from './device-touch.throttle';

const row = (id: string, seenAt: string) => ({ id, source: 'senml', seenAt, searchText: id });

describe('DeviceTouchThrottle', () => {
  it('touches each device at most once per window, with its newest time', () => {
    const t = new DeviceTouchThrottle();
    const first = t.select(
      [row('a', '2026-01-01T00:00:01Z'), row('a', '2026-01-01T00:00:03Z'), row('b', '2026-01-01T00:00:02Z')],
      0,
    );
    expect(first.map((x) => [x.id, x.seenAt])).toEqual([
      ['a', '2026-01-01T00:00:03Z'],
      ['b', '2026-01-01T00:00:02Z'],
    ]);
    expect(t.select([row('a', '2026-01-01T00:00:04Z')], 4999)).toEqual([]);
    expect(t.select([row('a', '2026-01-01T00:00:06Z')], 5000).map((x) => x.id)).toEqual(['a']);
  });

  it('lets a device just marked offline through at once', () => {
    const t = new DeviceTouchThrottle();
    t.select([row('a', '2026-01-01T00:00:01Z')], 0);
    t.forget(['a']);
    expect(t.select([row('a', '2026-01-01T00:00:02Z')], 10).map((x) => x.id)).toEqual(['a']);
  });
});
