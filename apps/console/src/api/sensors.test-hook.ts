import type { SensorState } from '@ioc/contracts/sensor-state.schema';

declare global {
  interface Window {
    /**
     * TEST HOOK: feeds sensor deltas into the console exactly as the live socket does (`onDelta`), for the
     * console benchmark (tools/console.bench.mjs). Not an API for application code.
     */
    __iocSensors?: { applyDelta(states: SensorState[]): void };
  }
}

export function exposeSensorsForTests(hook: { applyDelta(states: SensorState[]): void } | null): void {
  if (hook) window.__iocSensors = hook;
  else delete window.__iocSensors;
}
