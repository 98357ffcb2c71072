import type { City, CityCamera, CitySensor } from '@ioc/contracts/city.schema';
import type { TimedMessage } from './frigate.encoder';
import type { SimMessage } from './message.generator';
import { hashKey, noiseOf } from './keyed-noise.prng';
import type { SensorSample } from './sensor.model';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export function cameraOf(city: City, id: string): CityCamera {
  const c = city.cameras.find((x) => x.id === id);
  if (!c) throw new Error(`scenario needs camera ${id}, which is not in the city`);
  return c;
}

export function sensorOf(city: City, id: string): CitySensor {
  const s = city.sensors.find((x) => x.id === id);
  if (!s) throw new Error(`scenario needs sensor ${id}, which is not in the city`);
  return s;
}

/** Scripted messages as SimMessages (no sensor sample: the payload is the whole story). */
export function scripted(deviceId: string, format: 'frigate' | 'report', msgs: TimedMessage[]): SimMessage[] {
  return msgs.map((m) => ({
    timeMs: m.timeMs,
    deviceId,
    format,
    topic: m.topic,
    payload: m.payload,
    sample: { timeMs: m.timeMs, values: [] },
  }));
}

/** Piecewise-linear profile in [0, 1]: 0 before `up`, rising to 1 at `full`, 1 until `down`, 0 at `end`. */
export function trapezoid(t: number, up: number, full: number, down: number, end: number): number {
  if (t <= up || t >= end) return 0;
  if (t < full) return (t - up) / (full - up);
  if (t <= down) return 1;
  return (end - t) / (end - down);
}

/** Deterministic noise in [-1, 1] per (seed, device, metric, time). */
export function noise(seed: number, deviceId: string, metric: string, timeMs: number): number {
  return noiseOf(hashKey(seed, deviceId, metric, timeMs));
}

/** Replaces some metrics of a sample (others unchanged). */
export function withValues(
  sample: SensorSample,
  set: (metric: string, value: number) => number,
): SensorSample {
  return {
    timeMs: sample.timeMs,
    values: sample.values.map((v) => ({ metric: v.metric, value: set(v.metric, v.value) })),
  };
}

export function round(v: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}
