import { useSyncExternalStore } from 'react';
import type { SensorStateMap } from './sensor-state.merge';
import type { SensorStateStore } from './sensor-state.store';

/** Re-renders on every applied batch (≤ 2/s from the server). */
export function useSensorStates(store: SensorStateStore): SensorStateMap {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
