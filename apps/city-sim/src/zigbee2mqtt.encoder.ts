import type { Encoder } from './encoder.types';
import { hashKey } from './keyed-noise.prng';

/** Metrics Zigbee2MQTT exposes as booleans (IAS zone sensors). */
const BOOLEAN_METRICS = new Set(['water_leak', 'occupancy', 'contact', 'smoke']);

/** `last_seen` as Zigbee2MQTT writes it with `advanced.last_seen: ISO_8601_local` in Vietnam (UTC+7). */
function vnIso(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * A Zigbee2MQTT device state on `zigbee2mqtt/<friendly name>` (friendly name = our device id): the
 * exposed values plus the housekeeping keys a real Aqara leak / temperature sensor reports
 * (linkquality, voltage, battery_low). `last_seen` carries the sample time.
 */
export const zigbee2mqttEncoder: Encoder = (sensor, sample) => {
  const state: Record<string, number | boolean | string> = {};
  let battery = 100;
  for (const { metric, value } of sample.values) {
    if (metric === 'battery') battery = value;
    state[metric] = BOOLEAN_METRICS.has(metric) ? value !== 0 : value;
  }
  state['battery_low'] = battery < 20;
  state['linkquality'] = 40 + (hashKey('lqi', sensor.id, sample.timeMs) % 180);
  state['voltage'] = Math.round(2700 + battery * 3.2);
  state['last_seen'] = vnIso(sample.timeMs);
  return { topic: `zigbee2mqtt/${sensor.id}`, payload: Buffer.from(JSON.stringify(state)) };
};
