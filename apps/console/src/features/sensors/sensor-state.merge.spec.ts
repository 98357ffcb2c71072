import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { mergeSensorStates } from './sensor-state.merge';

const st = (deviceId: string, metrics: Record<string, [number | null, string]>): SensorState => ({
  deviceId,
  metrics: Object.fromEntries(
    Object.entries(metrics).map(([k, [value, time]]) => [k, { value, unit: 'm', time }]),
  ),
});

describe('mergeSensorStates', () => {
  const base = new Map([
    ['a', st('a', { level: [1, '2025-01-01T00:00:00Z'], temp: [20, '2025-01-01T00:00:00Z'] })],
  ]);

  it('adds new devices and replaces newer metrics, keeping the others', () => {
    const { next, changed } = mergeSensorStates(base, [
      st('a', { level: [2, '2025-01-01T00:01:00Z'] }),
      st('b', { level: [5, '2025-01-01T00:00:30Z'] }),
    ]);
    expect(changed.sort()).toEqual(['a', 'b']);
    expect(next.get('a')?.metrics['level'].value).toBe(2);
    expect(next.get('a')?.metrics['temp'].value).toBe(20);
    expect(next.get('b')?.metrics['level'].value).toBe(5);
    expect(base.get('a')?.metrics['level'].value).toBe(1);
  });

  it('ignores older or equal readings and returns the same map when nothing changed', () => {
    const { next, changed } = mergeSensorStates(base, [
      st('a', { level: [9, '2024-12-31T23:59:00Z'], temp: [99, '2025-01-01T00:00:00Z'] }),
    ]);
    expect(changed).toEqual([]);
    expect(next).toBe(base);
  });

  it('compares instants, not strings (offsets and fractions)', () => {
    const { next } = mergeSensorStates(base, [st('a', { level: [3, '2025-01-01T07:00:01.5+07:00'] })]);
    expect(next.get('a')?.metrics['level'].value).toBe(3);
  });

  it('lets the last of several updates to one device in a batch win', () => {
    const { next, changed } = mergeSensorStates(base, [
      st('a', { level: [2, '2025-01-01T00:01:00Z'] }),
      st('a', { level: [3, '2025-01-01T00:02:00Z'] }),
    ]);
    expect(changed).toEqual(['a']);
    expect(next.get('a')?.metrics['level'].value).toBe(3);
  });
});
