import { SensorStateStore } from './sensor-state.store';

const st = (deviceId: string, value: number, time: string) => ({
  deviceId,
  metrics: { pm25: { value, unit: 'ug/m3', time } },
});

describe('SensorStateStore', () => {
  it('replaces on snapshot, merges deltas and tells listeners which devices changed', () => {
    const store = new SensorStateStore();
    const calls: string[][] = [];
    const off = store.subscribe((ids) => calls.push([...ids].sort()));
    store.applySnapshot([st('a', 1, '2025-01-01T00:00:00Z'), st('b', 2, '2025-01-01T00:00:00Z')]);
    const first = store.getSnapshot();
    store.applyDelta([st('a', 5, '2025-01-01T00:00:10Z')]);
    store.applyDelta([st('a', 4, '2025-01-01T00:00:05Z')]); // older: no change, no call
    expect(store.getSnapshot().get('a')?.metrics['pm25'].value).toBe(5);
    expect(store.getSnapshot()).not.toBe(first);
    store.applySnapshot([st('c', 3, '2025-01-01T00:00:00Z')]);
    expect([...store.getSnapshot().keys()]).toEqual(['c']);
    off();
    store.applyDelta([st('c', 9, '2025-01-01T01:00:00Z')]);
    expect(calls).toEqual([['a', 'b'], ['a'], ['a', 'b', 'c']]);
  });
});
