import type { Encoder } from './encoder.types';

/**
 * SenML units (RFC 8428 §12.1 registry) per metric. `ug/m3` is not a registered SenML unit; there is no
 * registered mass concentration, and it is what the adapter and VN_AQI (µg/m³) expect.
 */
export const SENML_UNITS: Record<string, string> = {
  pm25: 'ug/m3',
  pm10: 'ug/m3',
  no2: 'ug/m3',
  o3: 'ug/m3',
  co: 'ug/m3',
  so2: 'ug/m3',
  temperature: 'Cel',
  humidity: '%RH',
  water_level: 'm',
  pressure: 'Pa',
  wind_speed: 'm/s',
  rainfall: 'mm/h',
  battery: '%EL',
};

/** Metrics that are booleans on the wire (`vb`). */
const BOOLEAN_METRICS = new Set(['water_leak']);

type SenmlRecord = { bn?: string; bt?: number; n: string; u?: string; v?: number; vb?: boolean };

/**
 * One SenML pack per sample on `ioc/senml/<deviceId>`: the first record carries `bn` (the device id,
 * no trailing separator — the adapter takes the device from `bn` or the topic) and `bt` (epoch seconds,
 * UTC); every record names its metric in `n`.
 */
export const senmlEncoder: Encoder = (sensor, sample) => {
  const records = sample.values.map(({ metric, value }, i): SenmlRecord => {
    const r: SenmlRecord = i === 0 ? { bn: sensor.id, bt: sample.timeMs / 1000, n: metric } : { n: metric };
    if (BOOLEAN_METRICS.has(metric)) r.vb = value !== 0;
    else {
      const u = SENML_UNITS[metric];
      if (u) r.u = u;
      r.v = value;
    }
    return r;
  });
  return { topic: `ioc/senml/${sensor.id}`, payload: Buffer.from(JSON.stringify(records)) };
};
