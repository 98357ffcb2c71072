import type { City, CitySensor } from '@ioc/contracts/city.schema';
import { DEFAULT_ENCODERS } from './encoder.registry';
import type { Encoder, SensorFormat } from './encoder.types';
import { uniform } from './mulberry32.prng';
import { sampleSensor, type SensorSample } from './sensor.model';

/** A message the simulator will publish, with the sample it encodes (for summaries and tests). */
export interface SimMessage {
  timeMs: number;
  deviceId: string;
  format: SensorFormat;
  topic: string;
  payload: Buffer;
  sample: SensorSample;
}

/** What a run publishes: the encodable sensors (with their schedule phase) and what was left out. */
export interface SimPlan {
  seed: number;
  sensors: { sensor: CitySensor; encoder: Encoder; intervalMs: number; phaseMs: number }[];
  /** Sensors whose format has no encoder yet, by format. */
  skipped: Partial<Record<SensorFormat, number>>;
}

export interface PlanOptions {
  encoders?: Partial<Record<SensorFormat, Encoder>>;
  /** Clone every sensor n times (ids `<id>-r<i>`) to load a broker/ingest harder than the demo city. */
  replicas?: number;
}

export function buildPlan(city: City, seed: number, opts: PlanOptions = {}): SimPlan {
  const encoders = opts.encoders ?? DEFAULT_ENCODERS;
  const replicas = Math.max(1, Math.floor(opts.replicas ?? 1));
  const plan: SimPlan = { seed, sensors: [], skipped: {} };
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
  return plan;
}

function message(entry: SimPlan['sensors'][number], seed: number, timeMs: number, k: number): SimMessage {
  const sample = sampleSensor(entry.sensor, seed, timeMs, k);
  const { topic, payload } = entry.encoder(entry.sensor, sample);
  return { timeMs, deviceId: entry.sensor.id, format: entry.sensor.format, topic, payload, sample };
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
      out.push(message(entry, plan.seed, t, k));
    }
  }
  return out.sort(
    (a, b) => a.timeMs - b.timeMs || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0),
  );
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
    out.push(message(plan.sensors[i % n], plan.seed, t, Math.floor(i / n)));
  }
  return out;
}
