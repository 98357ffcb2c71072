import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdapterResultSchema,
  type AdapterResult,
  type NormalizedRecord,
} from '@ioc/contracts/feed-result.schema';
import type { Reading } from '@ioc/contracts/reading.schema';

const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

/** JSON value (or raw text) → payload bytes. */
export function bytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Asserts the result matches the contract and is accepted; returns its records. */
export function records(result: AdapterResult): NormalizedRecord[] {
  AdapterResultSchema.parse(result);
  if (!result.ok) throw new Error(`expected ok, got rejection: ${result.reason}`);
  return result.records;
}

export function readings(result: AdapterResult): Reading[] {
  return records(result).flatMap((r) => (r.type === 'reading' ? [r.reading] : []));
}

/** Compact row for row-by-row assertions: [deviceId, metric, value, unit, time]. */
export function rows(result: AdapterResult): [string, string, number | null, string | null, string][] {
  return readings(result).map((r) => [r.deviceId, r.metric, r.value, r.unit, r.time]);
}

export function ofType<T extends NormalizedRecord['type']>(
  result: AdapterResult,
  type: T,
): Extract<NormalizedRecord, { type: T }>[] {
  return records(result).filter((r): r is Extract<NormalizedRecord, { type: T }> => r.type === type);
}

export function rejection(result: AdapterResult): string {
  AdapterResultSchema.parse(result);
  if (result.ok)
    throw new Error(
      `expected rejection, got ok (${result.records.length} records, skipped=${result.skipped})`,
    );
  return result.reason;
}

export function skipped(result: AdapterResult): string {
  AdapterResultSchema.parse(result);
  if (!result.ok) throw new Error(`expected skip, got rejection: ${result.reason}`);
  expect(result.records).toEqual([]);
  if (result.skipped === undefined) throw new Error('expected a skip reason');
  return result.skipped;
}
