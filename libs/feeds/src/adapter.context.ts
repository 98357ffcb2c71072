import { VN_UTC_OFFSET } from '@ioc/domain/city-time';
import type { AdapterContext } from './adapter.types';

export const DEFAULT_ADAPTER_CONTEXT: Readonly<AdapterContext> = Object.freeze({
  frigateCameras: Object.freeze({}),
  frigateBaseUrl: null,
  frigateInstanceId: 'frigate',
  unitTrackers: Object.freeze({}),
  maxPayloadBytes: 256 * 1024,
  maxReportBytes: 16 * 1024,
  maxTextChars: 2000,
  naiveTimeOffset: VN_UTC_OFFSET,
});

/** Defaults overlaid with the caller's settings (from server config / city config). */
export function createAdapterContext(overrides: Partial<AdapterContext> = {}): AdapterContext {
  return { ...DEFAULT_ADAPTER_CONTEXT, ...overrides };
}

/** Map lookup that ignores inherited keys, so a camera named "constructor" is not a function. */
export function lookup(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
