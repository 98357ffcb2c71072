import { SCENARIOS } from './scenario.registry';
import type { Scenario, ScenarioName } from './scenario.types';
import { localHour } from './sensor.model';

/**
 * Which scenario the demo overlays next. Short, eventful scripts come first so a new user sees incidents
 * within minutes; a scenario with a local-time window (night intrusion) is skipped outside it.
 */
export const DEMO_ORDER: ScenarioName[] = [
  'market-fire',
  'watchlist-plate',
  'flood',
  'night-intrusion',
  'pollution-episode',
];

export class DemoRotation {
  private i = 0;

  constructor(private readonly order: ScenarioName[] = DEMO_ORDER) {}

  /** The next scenario that may start at `simMs`, or null if none may. */
  next(simMs: number): Scenario | null {
    for (let tries = 0; tries < this.order.length; tries++) {
      const scenario = SCENARIOS[this.order[this.i++ % this.order.length]];
      const w = scenario.info.startWindow;
      const h = localHour(simMs);
      if (!w || (w.fromHour <= w.toHour ? h >= w.fromHour && h < w.toHour : h >= w.fromHour || h < w.toHour))
        return scenario;
    }
    return null;
  }
}
