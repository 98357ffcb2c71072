import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { mergeSensorStates, type SensorStateMap } from './sensor-state.merge';

type Listener = (changedIds: readonly string[]) => void;

/**
 * Latest sensor values for the whole console. An external store (useSyncExternalStore) rather than
 * React state, so the map can listen without re-rendering React and batch its own updates.
 */
export class SensorStateStore {
  private states: SensorStateMap = new Map();
  private readonly listeners = new Set<Listener>();

  getSnapshot = (): SensorStateMap => this.states;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Full state (on connect/reconnect): devices missing from it are dropped. */
  applySnapshot(states: readonly SensorState[]): void {
    const changed = new Set(this.states.keys());
    const { next } = mergeSensorStates(new Map(), states);
    for (const id of next.keys()) changed.add(id);
    this.states = next;
    this.emit([...changed]);
  }

  applyDelta(states: readonly SensorState[]): void {
    const { next, changed } = mergeSensorStates(this.states, states);
    if (changed.length === 0) return;
    this.states = next;
    this.emit(changed);
  }

  private emit(changed: readonly string[]): void {
    for (const l of this.listeners) l(changed);
  }
}
