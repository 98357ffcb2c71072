import { TIME_BEFORE_RETENTION, TIME_IN_FUTURE } from '@ioc/contracts/dead-letter-reason.codes';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';

/** What the server accepts around its own clock (INGEST_MAX_FUTURE_S, RETENTION_DAYS). */
export interface TimeWindow {
  maxFutureS: number;
  retentionDays: number;
}

/** Event times of a record: its time, or a camera event's/review's start and (when closed) end. */
function timesOf(r: NormalizedRecord): [string, string | null] {
  switch (r.type) {
    case 'reading':
      return [r.reading.time, null];
    case 'device_location':
      return [r.location.time, null];
    case 'unit_position':
      return [r.position.time, null];
    case 'signal':
      return [r.signal.time, null];
    case 'availability':
      return [r.availability.time, null];
    case 'camera_event':
      return [r.event.startTime, r.event.endTime];
    case 'camera_review':
      return [r.review.startTime, r.review.endTime];
  }
}

/** A short name of the record for the dead-letter reason (built only for the one named). */
function describeRecord(r: NormalizedRecord, end: boolean): string {
  switch (r.type) {
    case 'reading':
      return `reading ${r.reading.metric} of ${r.reading.deviceId}`;
    case 'device_location':
      return `position of ${r.location.deviceId}`;
    case 'unit_position':
      return `position of unit ${r.position.unitId}`;
    case 'signal':
      return `${r.signal.kind} ${r.signal.sourceId}`;
    case 'availability':
      return `availability of ${r.availability.deviceId}`;
    case 'camera_event':
      return `camera event ${r.event.id} ${end ? 'end' : 'start'}`;
    case 'camera_review':
      return `camera review ${r.review.id} ${end ? 'end' : 'start'}`;
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
  let future: string | null = null;
  let old: string | null = null;
  let bad = 0;
  // The records of one message mostly share their instant: parse each distinct string once.
  let lastText = '';
  let lastMs = Number.NaN;
  const verdict = (time: string): number => {
    if (time !== lastText) {
      lastText = time;
      lastMs = Date.parse(time);
    }
    return lastMs > latest ? 1 : lastMs < earliest ? -1 : 0;
  };
  for (const r of records) {
    const [first, second] = timesOf(r);
    const a = verdict(first);
    const b = second === null ? 0 : verdict(second);
    if (a === 0 && b === 0) continue;
    bad++;
    if (future === null && (a === 1 || b === 1)) {
      const end = a !== 1;
      future = `${describeRecord(r, end)} at ${end ? second : first}`;
    }
    if (old === null && (a === -1 || b === -1)) {
      const end = a !== -1;
      old = `${describeRecord(r, end)} at ${end ? second : first}`;
    }
  }
  if (bad === 0) return null;
  const more = records.length > 1 ? ` (${bad} of ${records.length} records outside the window)` : '';
  if (future !== null) {
    return (
      `${TIME_IN_FUTURE}: ${future} is more than ${window.maxFutureS} s ahead of ` +
      `the server clock (${receivedAt.toISOString()}, INGEST_MAX_FUTURE_S)${more}`
    );
  }
  return (
    `${TIME_BEFORE_RETENTION}: ${old} is older than the retention window ` +
    `(RETENTION_DAYS=${window.retentionDays}: before ${new Date(earliest).toISOString()})${more}`
  );
}
