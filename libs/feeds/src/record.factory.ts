import type { FeedSource } from '@ioc/contracts/feed-source.schema';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import { isFiniteNumber } from './json.util';
import { isPrintable } from './text.util';
import { fail } from './result.util';

/** Limits of the readings table / ReadingSchema, checked here so adapters never emit an invalid row. */
export const DEVICE_ID_MAX = 200;
export const METRIC_MAX = 100;
export const UNIT_MAX = 32;
export const VALUE_TEXT_MAX = 4096;

export interface ReadingInput {
  time: string;
  deviceId: string;
  metric: string;
  value: number | null;
  valueText?: string | null;
  unit?: string | null;
  source: FeedSource;
}

export function checkDeviceId(deviceId: string): string {
  if (deviceId.length === 0) fail('empty device id');
  if (deviceId.length > DEVICE_ID_MAX) fail(`device id longer than ${DEVICE_ID_MAX} characters`);
  if (!isPrintable(deviceId)) fail('device id contains control characters');
  return deviceId;
}

/** Builds a reading record or aborts the message with a precise reason. */
export function readingRecord(input: ReadingInput): NormalizedRecord {
  const { metric, value } = input;
  const unit = input.unit ?? null;
  const valueText = input.valueText ?? null;
  checkDeviceId(input.deviceId);
  if (metric.length === 0 || metric.length > METRIC_MAX)
    fail(`metric name must be 1-${METRIC_MAX} characters: "${metric.slice(0, 40)}"`);
  if (!isPrintable(metric)) fail('metric name contains control characters');
  if (value !== null && !Number.isFinite(value)) fail(`${metric}: value is not finite (${value})`);
  if (unit !== null && (unit.length > UNIT_MAX || !isPrintable(unit)))
    fail(`${metric}: invalid unit "${unit.slice(0, 40)}"`);
  if (valueText !== null && valueText.length > VALUE_TEXT_MAX)
    fail(`${metric}: text value longer than ${VALUE_TEXT_MAX}`);
  return {
    type: 'reading',
    reading: {
      time: input.time,
      deviceId: input.deviceId,
      metric,
      value,
      valueText,
      unit,
      source: input.source,
    },
  };
}

/**
 * Appends the reading for one JSON measurement (decoder output, device state): numbers as they are, booleans
 * 1/0; strings, arrays and null are not measurements and add nothing. JSON has no NaN, but 1e999 parses to
 * Infinity: that aborts the message.
 */
export function pushJsonReading(
  records: NormalizedRecord[],
  reading: Omit<ReadingInput, 'value'>,
  value: unknown,
): void {
  if (typeof value === 'number' && !Number.isFinite(value))
    fail(`${reading.metric}: value is not finite (${value})`);
  if (typeof value === 'boolean' || isFiniteNumber(value))
    records.push(readingRecord({ ...reading, value: typeof value === 'boolean' ? (value ? 1 : 0) : value }));
}

export function isLatitude(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -90 && value <= 90;
}

export function isLongitude(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -180 && value <= 180;
}

/** Device location record; coordinates are range-checked, so (0, 0) is the only "null island" that passes. */
export function locationRecord(
  deviceId: string,
  lat: unknown,
  lon: unknown,
  alt: number | null,
  time: string,
  source: FeedSource,
): NormalizedRecord {
  checkDeviceId(deviceId);
  if (!isLatitude(lat)) fail(`latitude out of range: ${String(lat)}`);
  if (!isLongitude(lon)) fail(`longitude out of range: ${String(lon)}`);
  if (alt !== null && !Number.isFinite(alt)) fail('altitude is not finite');
  return { type: 'device_location', location: { deviceId, lat, lon, alt, time, source } };
}
