/** Time conversions shared by the adapters; every output is UTC ISO-8601 with 'Z' and millisecond precision. */

/** 1970-01-01 .. 9999-12-31: keeps `toISOString()` in the 4-digit-year form the contracts accept. */
const MAX_EPOCH_MS = 253402300799999;

// toISOString dominates small messages; records of one pack usually share their instant.
let lastMs = Number.NaN;
let lastIso = '';

export function isoFromEpochMs(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const rounded = Math.round(ms);
  if (rounded < 0 || rounded > MAX_EPOCH_MS) return null;
  if (rounded !== lastMs) {
    lastIso = new Date(rounded).toISOString();
    lastMs = rounded;
  }
  return lastIso;
}

/** Frigate, SenML and OwnTracks use (float) seconds. */
export function isoFromEpochSeconds(seconds: number): string | null {
  return Number.isFinite(seconds) ? isoFromEpochMs(seconds * 1000) : null;
}

export type TimeParse = { ok: true; iso: string } | { ok: false; reason: string };

// RFC 3339 / ISO-8601 extended form; any number of fraction digits (TTS sends nanoseconds).
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const OFFSET_RE = /^([+-])(\d{2}):?(\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function offsetMinutes(sign: string, hh: string, mm: string): number | null {
  const h = Number(hh);
  const m = Number(mm);
  if (h > 23 || m > 59) return null;
  return (sign === '-' ? -1 : 1) * (h * 60 + m);
}

/**
 * Parses an ISO-8601 date-time to UTC. Extra fraction digits are truncated to milliseconds (never rounded
 * up into the next second). A time without offset is read with `naiveOffset` ("+07:00", "Z") or rejected
 * when `naiveOffset` is "reject".
 */
export function parseIsoTime(text: string, naiveOffset: string): TimeParse {
  const m = ISO_RE.exec(text.trim());
  if (!m) return { ok: false, reason: `not an ISO-8601 time: "${text.slice(0, 60)}"` };
  const [, ys, mos, ds, hs, mis, ss, frac, z, sign, oh, om] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  // A leap second (":60") is held at the last millisecond of the minute.
  const leap = ss === '60';
  const second = ss === undefined ? 0 : leap ? 59 : Number(ss);
  const ms = leap ? 999 : frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: `invalid date-time: "${text.slice(0, 60)}"` };
  }
  let offset: number | null;
  if (z !== undefined) offset = 0;
  else if (sign !== undefined && oh !== undefined && om !== undefined) offset = offsetMinutes(sign, oh, om);
  else {
    if (naiveOffset === 'reject')
      return { ok: false, reason: `time has no UTC offset: "${text.slice(0, 60)}"` };
    if (naiveOffset === 'Z') offset = 0;
    else {
      const n = OFFSET_RE.exec(naiveOffset);
      offset = n ? offsetMinutes(n[1], n[2], n[3]) : null;
    }
  }
  if (offset === null) return { ok: false, reason: `invalid UTC offset in "${text.slice(0, 60)}"` };
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, ms);
  const iso = isoFromEpochMs(local.getTime() - offset * 60_000);
  return iso === null
    ? { ok: false, reason: `time out of range: "${text.slice(0, 60)}"` }
    : { ok: true, iso };
}
