import type { City, CitySensor } from '@ioc/contracts/city.schema';
import type { CapSeverity, IncidentCategory } from '@ioc/contracts/incident.schema';
import type { SimMessage } from './message.generator';
import type { SensorSample } from './sensor.model';

export const SCENARIO_NAMES = [
  'normal',
  'pollution-episode',
  'flood',
  'market-fire',
  'night-intrusion',
  'watchlist-plate',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** One incident a scenario must cause; tests find it by `key` and check the rest. */
export interface ExpectedIncident {
  /** Rule id in infra/city/rules.yaml that opens it. */
  rule: string;
  /** The incident key the rule proposes (`aqi:<rule>:<station>`, `flood:<rule>:<gauge>`, `camera:<rule>:<event id>`, …). */
  key: string;
  category: IncidentCategory;
  /** Severity the incident reaches by the end of the scenario (the rule may open it lower and raise it). */
  severity: CapSeverity;
  /** VN_AQI band reached, for `vn_aqi` rules (`poor`, `bad`, …). */
  band?: 'poor' | 'bad' | 'very_bad' | 'hazardous';
  /** Device or camera the evidence comes from. */
  deviceId: string;
  ward: string;
  /** Evidence kinds the incident must carry by the end (e.g. a citizen report joining a camera fire). */
  evidence?: string[];
}

/** What a scenario is; with `expected` resolved for a run it is the run's manifest. */
export interface ScenarioInfo {
  name: ScenarioName;
  description: { vi: string; en: string };
  /** Simulated length of the script. */
  durationMs: number;
  /**
   * Local (UTC+7) time windows the scenario must start in (night scenarios), `[fromHour, toHour)`, crossing
   * midnight when to < from. The default start is the latest such time that ends the script by "now".
   */
  startWindow?: { fromHour: number; toHour: number };
}

/**
 * What one run of a scenario should cause (camera keys carry Frigate event ids, which depend on seed and
 * start): exported so tests and the console's browser test can check it.
 */
export interface ScenarioManifest extends ScenarioInfo {
  seed: number;
  startMs: number;
  endMs: number;
  expected: ExpectedIncident[];
}

/** Everything a scenario needs to script itself; pure data, no I/O. */
export interface ScenarioContext {
  city: City;
  seed: number;
  /** Simulated time the script starts (epoch ms). */
  startMs: number;
}

export interface Scenario {
  info: ScenarioInfo;
  /** The incidents a run starting at ctx.startMs must cause. Pure. */
  expected(ctx: ScenarioContext): ExpectedIncident[];
  /** Devices the script needs reporting: never taken offline or sent malformed by the fault injector. */
  devices?: string[];
  /**
   * Changes a device's regular sample during the script (`offsetMs` = sample time − start); return the
   * sample unchanged for devices it does not touch. Pure.
   */
  adjust?(ctx: ScenarioContext, sensor: CitySensor, sample: SensorSample, offsetMs: number): SensorSample;
  /** One-off messages of the script (camera events, citizen reports), with absolute times. Pure. */
  events?(ctx: ScenarioContext): SimMessage[];
}
