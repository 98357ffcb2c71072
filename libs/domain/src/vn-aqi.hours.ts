/**
 * Hour bookkeeping for the hourly VN_AQI of a station: which completed hours to evaluate, and the
 * inputs of one hour from hourly means (PM as a 12-hour NowCast, gases as that hour's mean).
 * Hours are UTC-aligned; Vietnam is UTC+7 all year, so they are the local clock hours too.
 */
import { hourlyVnAqiFromHours, type VnAqiResult } from './vn-aqi.calculator';

export const HOUR_MS = 3_600_000;

/** Start (epoch ms) of the hour holding `ms`. */
export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Reading metric names the hourly index uses. */
export const VN_AQI_METRICS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type VnAqiMetric = (typeof VN_AQI_METRICS)[number];

/** Hourly means (µg/m³) per metric, keyed by hour start. */
export type HourlyMeans = Partial<Record<VnAqiMetric, ReadonlyMap<number, number>>>;

export interface HourlyMeanRow {
  metric: string;
  /** Hour start, epoch ms. */
  hour: number;
  mean: number;
  count: number;
}

/**
 * Means from aggregated rows; an hour with fewer than `minSamples` readings counts as missing (the
 * NowCast then decides whether enough hours remain: at least 2 of the last 3).
 */
export function hourlyMeansFrom(rows: readonly HourlyMeanRow[], minSamples = 1): HourlyMeans {
  const out: Partial<Record<VnAqiMetric, Map<number, number>>> = {};
  for (const r of rows) {
    if (!(VN_AQI_METRICS as readonly string[]).includes(r.metric)) continue;
    if (r.count < minSamples || !Number.isFinite(r.mean)) continue;
    const m = (out[r.metric as VnAqiMetric] ??= new Map());
    m.set(r.hour, r.mean);
  }
  return out;
}

/** The hourly VN_AQI of the hour starting at `hour`: NowCast over hours hour, hour−1h … hour−11h. */
export function hourlyVnAqiAt(hour: number, means: HourlyMeans): VnAqiResult | null {
  const newestFirst = (m?: ReadonlyMap<number, number>) =>
    Array.from({ length: 12 }, (_, i) => m?.get(hour - i * HOUR_MS) ?? null);
  const at = (m?: ReadonlyMap<number, number>) => m?.get(hour) ?? null;
  return hourlyVnAqiFromHours({
    pm25Hours: newestFirst(means.pm25),
    pm10Hours: newestFirst(means.pm10),
    o3: at(means.o3),
    no2: at(means.no2),
    so2: at(means.so2),
    co: at(means.co),
  });
}

export interface HoursToEvaluateInput {
  /** Last hour already evaluated for the station (hour start), null if none. */
  lastEvaluated: number | null;
  /** Earliest reading time received since the last evaluation, null if none. */
  earliestDirty: number | null;
  now: number;
  /** An hour counts as complete this long after it ends (late readings still arriving). */
  completeAfterMs: number;
  /** Never evaluate hours older than this many hours before the last complete one (backfill). */
  lookbackHours: number;
}

/**
 * Completed hours to evaluate, oldest first. After the last evaluated hour, in order; without one
 * (first start) from the earliest new reading, or just the last complete hour. Late readings for an
 * hour already evaluated do not re-open it (the index of a past hour is published once).
 */
export function hoursToEvaluate(input: HoursToEvaluateInput): number[] {
  const lastComplete = hourStartOf(input.now - input.completeAfterMs - HOUR_MS);
  const oldest = lastComplete - (Math.max(1, input.lookbackHours) - 1) * HOUR_MS;
  let start: number;
  if (input.lastEvaluated !== null) start = input.lastEvaluated + HOUR_MS;
  else if (input.earliestDirty !== null) start = Math.min(hourStartOf(input.earliestDirty), lastComplete);
  else start = lastComplete;
  const hours: number[] = [];
  for (let h = Math.max(start, oldest); h <= lastComplete; h += HOUR_MS) hours.push(h);
  return hours;
}
