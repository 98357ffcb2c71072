import type { SensorState } from '@ioc/contracts/sensor-state.schema';

declare global {
  interface Window {
    /**
     * TEST HOOK (e2e build only): feeds sensor deltas into the console exactly as the live socket does
     * (`onDelta`), for the console benchmark (tools/console.bench.mjs). Not an API for application code.
     */
    __iocSensors?: SensorsTestHook;
  }
}

export interface SensorsTestHook {
  applyDelta(states: SensorState[]): void;
}

export function exposeSensorsForTests(hook: SensorsTestHook): void {
  window.__iocSensors = hook;
}

/** Removes the hook if it is still `hook`. */
export function hideSensorsForTests(hook: SensorsTestHook): void {
  if (window.__iocSensors === hook) delete window.__iocSensors;
}
