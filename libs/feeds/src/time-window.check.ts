import { TIME_BEFORE_RETENTION, TIME_IN_FUTURE } from '@ioc/contracts/dead-letter-reason.codes';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';

/** What the server accepts around its own clock (INGEST_MAX_FUTURE_S, RETENTION_DAYS). */
export interface TimeWindow {
  maxFutureS: number;
  retentionDays: number;
}

interface Stamp {
  what: string;
  time: string;
}

/** Every event time a record carries, with a short name for the dead-letter reason. */
function stamps(r: NormalizedRecord): Stamp[] {
  switch (r.type) {
    case 'reading':
      return [{ what: `reading ${r.reading.metric} of ${r.reading.deviceId}`, time: r.reading.time }];
    case 'device_location':
      return [{ what: `position of ${r.location.deviceId}`, time: r.location.time }];
    case 'unit_position':
      return [{ what: `position of unit ${r.position.unitId}`, time: r.position.time }];
    case 'signal':
      return [{ what: `${r.signal.kind} ${r.signal.sourceId}`, time: r.signal.time }];
    case 'availability':
      return [{ what: `availability of ${r.availability.deviceId}`, time: r.availability.time }];
    case 'camera_event':
    case 'camera_review': {
      const x = r.type === 'camera_event' ? r.event : r.review;
      const what = `${r.type === 'camera_event' ? 'camera event' : 'camera review'} ${x.id}`;
      const out = [{ what: `${what} start`, time: x.startTime }];
      if (x.endTime !== null) out.push({ what: `${what} end`, time: x.endTime });
      return out;
    }
  }
}

/**
 * Null when every time of every record lies within [receivedAt − retention, receivedAt + maxFuture], else
 * the dead-letter reason. A message is all or nothing: one bad record refuses the whole message, so what is
 * stored is never a silently trimmed part of what the device sent, and the dead letter keeps every byte.
 * `receivedAt` is the server clock at arrival (adapters read no clock; replays give the same verdict).
 */
export function checkTimeWindow(
  records: readonly NormalizedRecord[],
  receivedAt: Date,
  window: TimeWindow,
): string | null {
  const now = receivedAt.getTime();
  const latest = now + window.maxFutureS * 1000;
  const earliest = now - window.retentionDays * 86_400_000;
  let future: Stamp | null = null;
  let old: Stamp | null = null;
  let bad = 0;
  for (const r of records) {
    let recordBad = false;
    for (const s of stamps(r)) {
      const t = Date.parse(s.time);
      if (t > latest) {
        future ??= s;
        recordBad = true;
      } else if (t < earliest) {
        old ??= s;
        recordBad = true;
      }
    }
    if (recordBad) bad++;
  }
  if (bad === 0) return null;
  const more = records.length > 1 ? ` (${bad} of ${records.length} records outside the window)` : '';
  if (future !== null) {
    return (
      `${TIME_IN_FUTURE}: ${future.what} at ${future.time} is more than ${window.maxFutureS} s ahead of ` +
      `the server clock (${receivedAt.toISOString()}, INGEST_MAX_FUTURE_S)${more}`
    );
  }
  return (
    `${TIME_BEFORE_RETENTION}: ${old!.what} at ${old!.time} is older than the retention window ` +
    `(RETENTION_DAYS=${window.retentionDays}: before ${new Date(earliest).toISOString()})${more}`
  );
}
