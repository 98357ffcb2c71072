import type { City } from '@ioc/contracts/city.schema';
import { loadCity } from './city.loader';
import type { FaultOptions, SimMessage } from './message.generator';
import { SCENARIOS } from './scenario.registry';
import { SCENARIO_NAMES, type Scenario, type ScenarioManifest, type ScenarioName } from './scenario.types';
import { localHour } from './sensor.model';
import { startSimulator, type SimulatorHandle, type SimulatorStats } from './simulator.runner';

const MINUTE = 60_000;
/** Readings and events older than the rules' maxEventAge (24 h) never open incidents: stay well inside it. */
const MAX_LOOKBACK_MS = 22 * 3_600_000;

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

export function scenarioByName(name: string): Scenario {
  if (!isScenarioName(name))
    throw new Error(`unknown scenario "${name}" (one of ${SCENARIO_NAMES.join(', ')})`);
  return SCENARIOS[name];
}

function inWindow(h: number, w: { fromHour: number; toHour: number }): boolean {
  return w.fromHour <= w.toHour ? h >= w.fromHour && h < w.toHour : h >= w.fromHour || h < w.toHour;
}

/**
 * Default simulated start: the script ends a minute before `nowMs`, so everything it publishes is in the
 * past (hourly VN_AQI is computed only for completed hours, and the server sees no future data). A
 * scenario with a local-time window (night) starts at the latest whole minute inside it, at most 22 h back.
 */
export function defaultScenarioStart(scenario: Scenario, nowMs: number = Date.now()): number {
  const latest = Math.floor((nowMs - MINUTE - scenario.info.durationMs) / MINUTE) * MINUTE;
  const w = scenario.info.startWindow;
  if (!w) return latest;
  for (let t = latest; t > nowMs - MAX_LOOKBACK_MS; t -= MINUTE) if (inWindow(localHour(t), w)) return t;
  throw new Error(`no start for ${scenario.info.name} inside its window in the last 22 hours`);
}

/** The run's manifest: the scenario's description with the incidents this seed and start must cause. */
export function scenarioManifest(
  name: ScenarioName,
  opts: { city?: City; seed?: number; startMs?: number; nowMs?: number } = {},
): ScenarioManifest {
  const scenario = scenarioByName(name);
  const city = opts.city ?? loadCity();
  const seed = opts.seed ?? 1;
  const startMs = opts.startMs ?? defaultScenarioStart(scenario, opts.nowMs);
  return {
    ...scenario.info,
    seed,
    startMs,
    endMs: startMs + scenario.info.durationMs,
    expected: scenario.expected({ city, seed, startMs }),
  };
}

export interface ScenarioRunOptions {
  /** Broker, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  scenario: ScenarioName;
  seed?: number;
  /** Simulated seconds per real second; default: the script takes ~20 s. */
  speed?: number;
  /** Simulated start (epoch ms); default `defaultScenarioStart` (ends just before now). */
  startMs?: number;
  city?: City;
  qos?: 0 | 1 | 2;
  faults?: FaultOptions;
  onMessage?: (m: SimMessage) => void;
  /** Messages not to publish (e.g. a test that wants no unit fixes). */
  suppress?: (m: SimMessage) => boolean;
  log?: (line: string) => void;
}

export interface ScenarioRun {
  manifest: ScenarioManifest;
  handle: SimulatorHandle;
  /** Resolves with the final counters when the script has been published and acknowledged. */
  done: Promise<SimulatorStats>;
}

/**
 * Publishes the whole city with the scenario's script over it, from the manifest's start to its end,
 * time-compressed. The programmatic entry point for tests (server e2e, console browser test).
 */
export async function startScenario(opts: ScenarioRunOptions): Promise<ScenarioRun> {
  const city = opts.city ?? loadCity();
  const scenario = scenarioByName(opts.scenario);
  const manifest = scenarioManifest(opts.scenario, { city, seed: opts.seed, startMs: opts.startMs });
  const speed = opts.speed ?? Math.max(1, scenario.info.durationMs / 20_000);
  const handle = await startSimulator({
    url: opts.url,
    city,
    seed: manifest.seed,
    speed,
    qos: opts.qos ?? 1,
    startMs: manifest.startMs,
    scenario: { scenario, startMs: manifest.startMs },
    faults: opts.faults,
    onMessage: opts.onMessage,
    suppress: opts.suppress,
    summaryEveryS: opts.log ? 5 : 0,
    log: opts.log,
  });
  return { manifest, handle, done: handle.done.then(() => handle.stats()) };
}

/** startScenario and wait for it to finish. */
export async function runScenario(
  opts: ScenarioRunOptions,
): Promise<{ manifest: ScenarioManifest; stats: SimulatorStats }> {
  const run = await startScenario(opts);
  return { manifest: run.manifest, stats: await run.done };
}
