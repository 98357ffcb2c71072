import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { isoWithOffset, utcOffset } from '@ioc/domain/local-time';
import { formatDecimal, NUMBER_LOCALES } from '@ioc/domain/metric-display';
/** UI languages; Vietnamese is the default. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

// Operators read times in the city's own zone, whatever the wall-screen PC is set to: the one the server
// sends (useCityTimeZone), the shared default otherwise.

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function localeTag(lang: Language): string {
  return NUMBER_LOCALES[lang];
}

// Intl formatters are costly to build; the panel formats on every delta.
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A measured value with a fixed number of decimals in the language's style (vi: "12,5", en: "12.5"). */
export function formatNumber(value: number, lang: Language, digits: number): string {
  return formatDecimal(value, lang, digits);
}

/** Clock time (24 h, seconds) of an ISO instant in the city's time zone; "" when unparsable. */
export function formatTime(iso: string, lang: Language, timeZone: string = CITY_TIME_ZONE): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const key = `${lang}:${timeZone}`;
  let f = timeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeTag(lang), {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    timeFormats.set(key, f);
  }
  return f.format(ms);
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute, second of an instant in the zone, as 2-digit (year 4-digit) text. */
function cityParts(
  ms: number,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    partFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/**
 * Date and clock time of an ISO instant in the city's zone, in the city format whatever the language:
 * "04/12/2026 19:30:05" (dd/MM/yyyy HH:mm:ss, 24 h); `seconds: false` drops the seconds. "" when unparsable.
 */
export function formatDateTime(
  iso: string,
  _lang: Language,
  timeZone: string = CITY_TIME_ZONE,
  opts: { seconds?: boolean } = {},
): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = cityParts(ms, timeZone);
  const time = opts.seconds === false ? `${p.hour}:${p.minute}` : `${p.hour}:${p.minute}:${p.second}`;
  return `${p.day}/${p.month}/${p.year} ${time}`;
}

/** The city-local date of an instant as dd/MM/yyyy. */
export function formatCityDate(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  const p = cityParts(ms, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** A YYYY-MM-DD calendar date (the daily report's key) as dd/MM/yyyy. */
export function formatIsoDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** A city-format date typed by an operator ("4/12/2026") → YYYY-MM-DD; null when it is no real date. */
export function parseCityDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An instant as the text of a city-format date-time field: "04/12/2026 19:30". */
export function toCityText(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  return formatDateTime(new Date(ms).toISOString(), 'vi', timeZone, { seconds: false });
}

const CITY_TEXT = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/;

/**
 * A city-format date-time typed by an operator ("4/12/2026 19:30", seconds optional) read in the city's
 * zone → epoch ms; NaN when it is not a real date and time (31/02, 24:00, letters…).
 */
export function parseCityText(text: string, timeZone: string = CITY_TIME_ZONE): number {
  const m = CITY_TEXT.exec(text);
  if (!m) return NaN;
  const [d, mo, y, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  // the day must exist in that month (Date.UTC would roll 31/02 over into March)
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return NaN;
  const pad = (n: number) => String(n).padStart(2, '0');
  return fromCityInput(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`, timeZone);
}

/** The city-local calendar date (YYYY-MM-DD) of an instant: the daily report's day. */
export function cityDate(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  return isoWithOffset(ms, timeZone).slice(0, 10);
}

/** An instant as a `<input type=datetime-local>` value in the city's zone (not the browser's). */
export function toCityInput(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  return isoWithOffset(ms, timeZone).slice(0, 16);
}

/** A `datetime-local` value read as city time → epoch ms (NaN when empty or invalid). */
export function fromCityInput(value: string, timeZone: string = CITY_TIME_ZONE): number {
  const asUtc = Date.parse(`${value}Z`);
  if (Number.isNaN(asUtc)) return NaN;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  // the offset is the zone's at that wall time (read as UTC first: close enough for zones without DST)
  return Date.parse(`${withSeconds}${utcOffset(asUtc, timeZone)}`);
}
