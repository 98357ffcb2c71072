import type {
  AdapterOk,
  AdapterRejection,
  AdapterResult,
  NormalizedRecord,
} from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';

const REASON_MAX = 1000;

export function reject(reason: string): AdapterRejection {
  const text = reason.length > 0 ? reason : 'rejected';
  return { ok: false, reason: text.length > REASON_MAX ? `${text.slice(0, REASON_MAX - 1)}…` : text };
}

export function skip(reason: string): AdapterOk {
  return { ok: true, records: [], skipped: reason };
}

export function accept(records: NormalizedRecord[], dedupeKey?: string): AdapterOk {
  return dedupeKey === undefined ? { ok: true, records } : { ok: true, records, dedupeKey };
}

/** Raised inside an adapter to abort with a reason; `guardAdapter` turns it into a rejection. */
export class FeedRejection extends Error {}

export function fail(reason: string): never {
  throw new FeedRejection(reason);
}

/**
 * Wraps an adapter so that no input can make it throw: bad arguments and unexpected errors become
 * rejections (dead letters), and an accepted message with no records is always labelled as a skip.
 */
export function guardAdapter(name: string, adapter: FeedAdapter): FeedAdapter {
  return (topic: string, payload: Uint8Array, receivedAt: Date, ctx: AdapterContext): AdapterResult => {
    if (typeof topic !== 'string' || topic.length === 0) return reject('empty topic');
    if (!(payload instanceof Uint8Array)) return reject('payload is not bytes');
    if (!(receivedAt instanceof Date) || Number.isNaN(receivedAt.getTime()))
      return reject('invalid receivedAt');
    try {
      const result = adapter(topic, payload, receivedAt, ctx);
      if (result.ok && result.records.length === 0 && result.skipped === undefined) {
        return { ...result, skipped: 'message carried no records' };
      }
      return result;
    } catch (err) {
      if (err instanceof FeedRejection) return reject(err.message);
      const detail = err instanceof Error ? err.message : String(err);
      return reject(`${name} adapter error: ${detail}`);
    }
  };
}
