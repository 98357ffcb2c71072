import type { SensorState } from '@ioc/contracts/sensor-state.schema';

export type SensorStateMap = ReadonlyMap<string, SensorState>;

/**
 * Applies a delta batch: per metric the newer reading wins, so a late or duplicated batch never moves
 * a value backwards. Returns the same map when nothing changed (cheap equality for React).
 */
export function mergeSensorStates(
  current: SensorStateMap,
  incoming: readonly SensorState[],
): { next: SensorStateMap; changed: string[] } {
  let next: Map<string, SensorState> | null = null;
  const changed = new Set<string>();
  for (const s of incoming) {
    const prev = (next ?? current).get(s.deviceId);
    let metrics = prev?.metrics;
    for (const [name, m] of Object.entries(s.metrics)) {
      const old = metrics?.[name];
      if (old && !(Date.parse(m.time) > Date.parse(old.time))) continue;
      metrics = { ...metrics, [name]: m };
    }
    if (!metrics || metrics === prev?.metrics) continue;
    next ??= new Map(current);
    next.set(s.deviceId, { deviceId: s.deviceId, metrics });
    changed.add(s.deviceId);
  }
  return { next: next ?? current, changed: [...changed] };
}
