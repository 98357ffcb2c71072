import type { CitySensor } from '@ioc/contracts/city.schema';
import { hashKey, hashStr, mixHash, noiseOf, smoothNoise, unitOf } from './keyed-noise.prng';

/** One device's values at one instant, in the order of `sensor.metrics`. */
export interface SensorSample {
  timeMs: number;
  values: { metric: string; value: number }[];
}

const HOUR = 3_600_000;
/** Vietnam is UTC+7 all year (no DST); traffic and sun follow local time. */
const VN_OFFSET_H = 7;
/** Cà Ty river mouth: tide reaches upstream gauges attenuated and late. */
const CA_TY_MOUTH = { lat: 10.9232, lon: 108.1038 };

export function localHour(timeMs: number): number {
  const h = (timeMs / HOUR + VN_OFFSET_H) % 24;
  return h < 0 ? h + 24 : h;
}

/** Gaussian bump around hour `centre` (wrapping midnight). */
function bump(h: number, centre: number, width: number): number {
  let d = Math.abs(h - centre);
  if (d > 12) d = 24 - d;
  return Math.exp(-0.5 * (d / width) ** 2);
}

/** Traffic/combustion activity: morning (7–9) and evening (17–19) rush, quiet small hours. */
export function rushFactor(h: number): number {
  return 1 + 0.75 * bump(h, 8, 1.2) + 0.65 * bump(h, 18, 1.4) + 0.15 * bump(h, 12, 2) - 0.3 * bump(h, 3, 2.5);
}

/** 0 at night, 1 around 13:30: drives ozone and the sea breeze. */
function sunFactor(h: number): number {
  return h > 6 && h < 19 ? Math.sin((Math.PI * (h - 6)) / 13) ** 1.5 : 0;
}

/** Daily temperature wave, +1 at 14:00, −1 at 02:00. */
function thermal(h: number): number {
  return Math.cos((2 * Math.PI * (h - 14)) / 24);
}

function round(v: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(v * p) / p;
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const k = Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot((a.lat - b.lat) * 111.32, (a.lon - b.lon) * 111.32 * k);
}

/** River gauges are recognised by their name (sông = river, cầu = bridge); others are coastal. */
export function isRiverGauge(sensor: CitySensor): boolean {
  return /sông|cầu/i.test(sensor.name);
}

type Ctx = { sensor: CitySensor; t: number; h: number; k: number; device: number; city: number };

/** Per-site constant in [lo, hi): some places are simply dirtier, deeper or windier. */
function site(c: Ctx, key: string, lo: number, hi: number): number {
  return lo + (hi - lo) * unitOf(hashStr(hashStr(c.device, 'site'), key));
}
/** White noise per message in [-1, 1]: what makes consecutive values visibly differ. */
function jitter(c: Ctx, metric: string): number {
  return noiseOf(mixHash(hashStr(c.device, metric), c.k));
}
/** Slow drift in [-1, 1] over `hours`; `shared` drifts are city-wide (weather), others per device. */
function drift(c: Ctx, key: string, hours: number, shared = false): number {
  return smoothNoise(mixHash(hashStr(shared ? c.city : c.device, key), hours), c.t, hours * HOUR);
}

function pm25(c: Ctx): number {
  const base = site(c, 'pm', 14, 30);
  return Math.max(
    1,
    base *
      rushFactor(c.h) *
      (1 + 0.3 * drift(c, 'pm', 6, true) + 0.1 * drift(c, 'pm', 2)) *
      (1 + 0.12 * jitter(c, 'pm25')),
  );
}

function waterLevel(c: Ctx): number {
  const river = isRiverGauge(c.sensor);
  const km = distanceKm(c.sensor, CA_TY_MOUTH);
  // Tide fades and lags going upstream (~20 min per km); open coast gets the full mixed tide.
  const tideGain = river ? Math.max(0.15, 1 - km / 6) : 1;
  const lagMs = river ? km * 20 * 60_000 : 0;
  const tt = c.t - lagMs;
  const phase = unitOf(hashStr(c.city, 'tide-phase')) * 2 * Math.PI;
  const tide =
    0.55 * Math.cos((2 * Math.PI * tt) / (12.42 * HOUR) + phase) +
    0.3 * Math.cos((2 * Math.PI * tt) / (23.93 * HOUR) + phase / 2);
  const mean = river ? site(c, 'datum', 0.9, 1.6) : site(c, 'datum', 1.4, 1.8);
  // Upstream gauges also see river flow (rain in the catchment) rising and falling over hours.
  const flow = river ? 0.25 * Math.max(0, drift(c, 'flow', 8, true)) * Math.min(1, km / 3) : 0;
  return mean + tideGain * tide + flow + 0.06 * drift(c, 'wl', 1) + 0.008 * jitter(c, 'water_level');
}

const MODELS: Record<string, (c: Ctx) => number> = {
  pm25: (c) => round(pm25(c), 1),
  // PM10 tracks PM2.5 (same sources) with a site-specific coarse fraction.
  pm10: (c) => round(pm25(c) * site(c, 'coarse', 1.5, 2.1) * (1 + 0.06 * jitter(c, 'pm10')), 1),
  no2: (c) =>
    round(
      Math.max(
        1,
        site(c, 'no2', 12, 32) *
          rushFactor(c.h) *
          (1 + 0.2 * drift(c, 'no2', 4)) *
          (1 + 0.1 * jitter(c, 'no2')),
      ),
      1,
    ),
  o3: (c) =>
    round(
      Math.max(
        2,
        18 +
          site(c, 'o3', 50, 90) * sunFactor(c.h) * (1 + 0.2 * drift(c, 'o3', 6, true)) +
          4 * jitter(c, 'o3'),
      ),
      1,
    ),
  co: (c) =>
    round(
      Math.max(
        100,
        site(c, 'co', 450, 900) *
          rushFactor(c.h) *
          (1 + 0.2 * drift(c, 'co', 4)) *
          (1 + 0.08 * jitter(c, 'co')),
      ),
      0,
    ),
  so2: (c) =>
    round(Math.max(1, site(c, 'so2', 5, 15) * (1 + 0.3 * drift(c, 'so2', 5)) + 1.2 * jitter(c, 'so2')), 1),
  temperature: (c) =>
    round(27.5 + 3.5 * thermal(c.h) + 1.2 * drift(c, 'temp', 12, true) + 0.15 * jitter(c, 'temperature'), 2),
  humidity: (c) =>
    round(
      Math.min(
        100,
        Math.max(35, 78 - 12 * thermal(c.h) - 5 * drift(c, 'temp', 12, true) + 0.8 * jitter(c, 'humidity')),
      ),
      1,
    ),
  // Semi-diurnal atmospheric tide (peaks ~10:00 and 22:00), in Pa as SenML registers it.
  pressure: (c) =>
    round(
      100_950 +
        120 * Math.cos((4 * Math.PI * (c.h - 10)) / 24) +
        150 * drift(c, 'pres', 24, true) +
        8 * jitter(c, 'pressure'),
      0,
    ),
  // Afternoon sea breeze.
  wind_speed: (c) =>
    round(
      Math.max(0, 2 + 4.5 * bump(c.h, 15, 3) + 1.2 * drift(c, 'wind', 3) + 0.4 * jitter(c, 'wind_speed')),
      1,
    ),
  // mm/h: dry most of the time, showers when the shared "rain" drift is high.
  rainfall: (c) =>
    round(Math.max(0, 40 * (drift(c, 'rain', 3, true) - 0.6)) * (1 + 0.3 * jitter(c, 'rainfall')), 1),
  water_level: (c) => round(waterLevel(c), 3),
  water_leak: (c) => (drift(c, 'rain', 3, true) + 0.3 * drift(c, 'leak', 1) > 0.9 ? 1 : 0),
  battery: (c) => round(Math.max(5, site(c, 'battery', 70, 99) + 0.5 * jitter(c, 'battery')), 0),
};

/** Any metric without a model gets a slowly wandering value around 50. */
function generic(c: Ctx, metric: string): number {
  return round(50 + 10 * drift(c, metric, 2) + jitter(c, metric), 2);
}

/**
 * The sensor's values at `timeMs`; `k` is the message index (distinct per message, seeds the noise).
 * Pure: the same (sensor, seed, timeMs, k) always gives the same values.
 */
export function sampleSensor(sensor: CitySensor, seed: number, timeMs: number, k: number): SensorSample {
  const c: Ctx = {
    sensor,
    t: timeMs,
    h: localHour(timeMs),
    k,
    device: hashKey(seed, sensor.id),
    city: hashKey(seed, 'city'),
  };
  return {
    timeMs,
    values: sensor.metrics.map((metric) => ({
      metric,
      value: (MODELS[metric] ?? ((x: Ctx) => generic(x, metric)))(c),
    })),
  };
}
