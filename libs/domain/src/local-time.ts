/**
 * Wall-clock time in a named zone (the city's, e.g. Asia/Ho_Chi_Minh): CAP 1.2 wants date-times with a
 * numeric offset ("Z" is not allowed), and incident ids carry the local date.
 */

// Building a DateTimeFormat costs far more than using one; exports format a time per row.
const formats = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): Record<string, string> {
  let fmt = formats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** "+07:00" style offset of the zone at that instant ("GMT" alone means +00:00). */
export function utcOffset(ms: number, timeZone: string): string {
  const name = parts(ms, timeZone).timeZoneName ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):?(\d{2})?$/.exec(name);
  return m ? `${m[1]}${m[2]}:${m[3] ?? '00'}` : '+00:00';
}

/** ISO-8601 local time with offset, whole seconds: 2025-03-01T14:05:09+07:00. */
export function isoWithOffset(time: number | string | Date, timeZone: string): string {
  const ms = new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(time)}`);
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${utcOffset(ms, timeZone)}`;
}

/**
 * The same with milliseconds when the instant has any (exports: two readings a few ms apart stay
 * apart): 2026-12-04T19:30:00+07:00, 2026-12-04T19:30:00.250+07:00.
 */
export function isoWithOffsetMs(time: number | string | Date, timeZone: string): string {
  const ms = new Date(time).getTime();
  const whole = isoWithOffset(ms, timeZone);
  const frac = ((ms % 1000) + 1000) % 1000;
  return frac === 0 ? whole : `${whole.slice(0, 19)}.${String(frac).padStart(3, '0')}${whole.slice(19)}`;
}

/** Local calendar date as YYYYMMDD (incident ids: INC-20250301-0007). */
export function localDateCompact(time: number | string | Date, timeZone: string): string {
  const p = parts(new Date(time).getTime(), timeZone);
  return `${p.year}${p.month}${p.day}`;
}

/** True when the zone name is one this runtime knows (config validation). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
