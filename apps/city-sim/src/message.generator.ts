import type { City, CitySensor, CityUnit } from '@ioc/contracts/city.schema';
import { owntracksMessage } from './owntracks.encoder';
import { unitFix, unitIntervalMs } from './unit.model';
import { DEFAULT_ENCODERS } from './encoder.registry';
import type { Encoder, SensorFormat } from './encoder.types';
import { uniform } from './keyed-noise.prng';
import type { Scenario, ScenarioContext } from './scenario.types';
import { sampleSensor, type SensorSample } from './sensor.model';

/** A message the simulator will publish, with the sample it encodes (for summaries and tests). */
export interface SimMessage {
  timeMs: number;
  deviceId: string;
  format: SensorFormat | 'frigate' | 'report' | 'owntracks';
  topic: string;
  payload: Buffer;
  sample: SensorSample;
  /** Deliberately invalid (the ingest must dead-letter it); set by the fault injector and by scenarios. */
  malformed?: boolean;
}

export interface ActiveScenario {
  scenario: Scenario;
  ctx: ScenarioContext;
  endMs: number;
  events: SimMessage[];
}

/** What a run publishes: the encodable sensors (with their schedule phase) and what was left out. */
export interface SimPlan {
  seed: number;
  sensors: { sensor: CitySensor; encoder: Encoder; intervalMs: number; phaseMs: number }[];
  /** Sensors whose format has no encoder yet, by format. */
  skipped: Partial<Record<SensorFormat, number>>;
  units: { unit: CityUnit; intervalMs: number; phaseMs: number }[];
  faults: Required<FaultOptions>;
  /** Devices faults never touch (a scenario's). */
  spared: Set<string>;
  /** The scripted scenario overlaid on the regular city, if any (the first of `overlays`). */
  scenario?: ActiveScenario;
  /** Every scenario overlaid, in the order added (demo mode adds one every few minutes). */
  overlays: ActiveScenario[];
}

/**
 * Realistic trouble, seeded like everything else. Offline: each device is silent for a seeded 30–90
 * minutes in a 6-hour block with probability `offlineShare`. Malformed: a message is replaced by a broken
 * payload with probability `malformedRate`, and flagged `malformed` so tests can expect it in dead letters.
 * Devices a scenario needs are spared.
 */
export interface FaultOptions {
  offlineShare?: number;
  malformedRate?: number;
}

export interface PlanOptions {
  encoders?: Partial<Record<SensorFormat, Encoder>>;
  /** Publish the city's units as OwnTracks positions (natural schedule only; default true). */
  units?: boolean;
  /** Clone every sensor n times (ids `<id>-r<i>`) to load a broker/ingest harder than the demo city. */
  replicas?: number;
  faults?: FaultOptions;
  /** Overlay a scenario starting at `startMs` (simulated). */
  scenario?: { scenario: Scenario; startMs: number };
}

export function buildPlan(city: City, seed: number, opts: PlanOptions = {}): SimPlan {
  const encoders = opts.encoders ?? DEFAULT_ENCODERS;
  const replicas = Math.max(1, Math.floor(opts.replicas ?? 1));
  const plan: SimPlan = {
    seed,
    sensors: [],
    skipped: {},
    faults: { offlineShare: opts.faults?.offlineShare ?? 0, malformedRate: opts.faults?.malformedRate ?? 0 },
    spared: new Set(),
    overlays: [],
    units: (opts.units === false ? [] : city.units).map((unit) => {
      const intervalMs = unitIntervalMs(unit);
      return { unit, intervalMs, phaseMs: Math.floor(uniform(seed, unit.id, 'phase') * intervalMs) };
    }),
  };
  for (let r = 0; r < replicas; r++) {
    for (const base of city.sensors) {
      const sensor = r === 0 ? base : { ...base, id: `${base.id}-r${r}` };
      const encoder = encoders[sensor.format];
      if (!encoder) {
        plan.skipped[sensor.format] = (plan.skipped[sensor.format] ?? 0) + 1;
        continue;
      }
      const intervalMs = sensor.expectedIntervalS * 1000;
      // A seeded phase spreads devices over their interval instead of all firing on the minute.
      const phaseMs = Math.floor(uniform(seed, sensor.id, 'phase') * intervalMs);
      plan.sensors.push({ sensor, encoder, intervalMs, phaseMs });
    }
  }
  if (opts.scenario) plan.scenario = addScenario(plan, city, opts.scenario.scenario, opts.scenario.startMs);
  return plan;
}

/** Overlays a scenario on a plan from `startMs` (simulated); windows generated afterwards include it. */
export function addScenario(plan: SimPlan, city: City, scenario: Scenario, startMs: number): ActiveScenario {
  const ctx: ScenarioContext = { city, seed: plan.seed, startMs };
  const events = (scenario.events?.(ctx) ?? []).slice().sort(byTimeThenDevice);
  const active = { scenario, ctx, endMs: startMs + scenario.info.durationMs, events };
  plan.overlays.push(active);
  for (const d of scenario.devices ?? []) plan.spared.add(d);
  return active;
}

function byTimeThenDevice(a: SimMessage, b: SimMessage): number {
  return a.timeMs - b.timeMs || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
}

const BLOCK_MS = 6 * 3_600_000;

/** Whether the fault injector keeps this device silent at `timeMs`. */
export function isOffline(plan: SimPlan, deviceId: string, timeMs: number): boolean {
  const share = plan.faults.offlineShare;
  if (share <= 0 || plan.spared.has(deviceId)) return false;
  const block = Math.floor(timeMs / BLOCK_MS);
  if (uniform(plan.seed, deviceId, 'offline', block) >= share) return false;
  const lengthMs = (30 + 60 * uniform(plan.seed, deviceId, 'offline-len', block)) * 60_000;
  const from = block * BLOCK_MS + uniform(plan.seed, deviceId, 'offline-at', block) * (BLOCK_MS - lengthMs);
  return timeMs >= from && timeMs < from + lengthMs;
}

/** Broken payloads of the kinds real feeds send: truncated JSON, a string where a number belongs, binary junk. */
function malform(payload: Buffer, variant: number): Buffer {
  if (variant === 0) return payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
  if (variant === 1) return Buffer.from('{"v": NaN, "error": "sensor fault"');
  return Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x13, 0x37]);
}

function message(plan: SimPlan, entry: SimPlan['sensors'][number], timeMs: number, k: number): SimMessage {
  let sample = sampleSensor(entry.sensor, plan.seed, timeMs, k);
  for (const sc of plan.overlays)
    if (sc.scenario.adjust && timeMs >= sc.ctx.startMs && timeMs < sc.endMs)
      sample = sc.scenario.adjust(sc.ctx, entry.sensor, sample, timeMs - sc.ctx.startMs);
  const { topic, payload } = entry.encoder(entry.sensor, sample, k);
  const m: SimMessage = {
    timeMs,
    deviceId: entry.sensor.id,
    format: entry.sensor.format,
    topic,
    payload,
    sample,
  };
  const rate = plan.faults.malformedRate;
  if (
    rate > 0 &&
    !plan.spared.has(m.deviceId) &&
    uniform(plan.seed, m.deviceId, 'malformed', timeMs) < rate
  ) {
    m.payload = malform(payload, Math.floor(uniform(plan.seed, m.deviceId, 'variant', timeMs) * 3));
    m.malformed = true;
  }
  return m;
}

/**
 * Natural schedule: every sensor reports at `phase + k × expectedIntervalS` (simulated time).
 * Returns the messages with time in [fromMs, toMs), ordered by time then device id. Pure, so any
 * split of a time range into windows yields the same concatenated sequence.
 */
export function generateWindow(plan: SimPlan, fromMs: number, toMs: number): SimMessage[] {
  const out: SimMessage[] = [];
  for (const entry of plan.sensors) {
    for (let k = Math.ceil((fromMs - entry.phaseMs) / entry.intervalMs); ; k++) {
      const t = entry.phaseMs + k * entry.intervalMs;
      if (t >= toMs) break;
      if (isOffline(plan, entry.sensor.id, t)) continue;
      out.push(message(plan, entry, t, k));
    }
  }
  for (const u of plan.units)
    for (let k = Math.ceil((fromMs - u.phaseMs) / u.intervalMs); ; k++) {
      const t = u.phaseMs + k * u.intervalMs;
      if (t >= toMs) break;
      const m = owntracksMessage(u.unit, unitFix(u.unit, plan.seed, t));
      out.push({ ...m, deviceId: u.unit.id, format: 'owntracks', sample: { timeMs: t, values: [] } });
    }
  // Scripted one-off messages (camera events, reports) of this window.
  for (const sc of plan.overlays)
    for (const m of sc.events) if (m.timeMs >= fromMs && m.timeMs < toMs) out.push(m);
  return out.sort(byTimeThenDevice);
}

/** Convenience form of the pure generator: (city, seed, simulated time range) → messages. */
export function generateMessages(
  city: City,
  seed: number,
  fromMs: number,
  toMs: number,
  opts?: PlanOptions,
): SimMessage[] {
  return generateWindow(buildPlan(city, seed, opts), fromMs, toMs);
}

export interface RatedClock {
  /** Simulated time of message 0. */
  startMs: number;
  /** Messages per real second, all sensors together. */
  rate: number;
  /** Simulated seconds per real second. */
  speed: number;
}

/**
 * Fixed-rate schedule (--rate): message n goes to sensor n mod N (round robin) at simulated time
 * start + n / rate × speed. Per-device timestamps stay distinct while rate ≤ N × 1000 × speed
 * (millisecond resolution); use replicas to raise N for benchmarks. Returns messages [from, to).
 */
export function generateRated(
  plan: SimPlan,
  clock: RatedClock,
  fromIndex: number,
  toIndex: number,
): SimMessage[] {
  const n = plan.sensors.length;
  if (n === 0) return [];
  const out: SimMessage[] = [];
  for (let i = fromIndex; i < toIndex; i++) {
    const t = clock.startMs + Math.floor((i * 1000 * clock.speed) / clock.rate);
    out.push(message(plan, plan.sensors[i % n], t, Math.floor(i / n)));
  }
  return out;
}
