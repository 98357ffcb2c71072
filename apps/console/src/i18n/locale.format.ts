import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { isoWithOffset, utcOffset } from '@ioc/domain/local-time';
/** UI languages; Vietnamese is the default. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

// Operators read times in the city's own zone, whatever the wall-screen PC is set to: the one the server
// sends (useCityTimeZone), the shared default otherwise.

const LOCALE_TAGS: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function localeTag(lang: Language): string {
  return LOCALE_TAGS[lang];
}

// Intl formatters are costly to build; the panel formats on every delta.
const numberFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A measured value with a fixed number of decimals in the language's style (vi: "12,5", en: "12.5"). */
export function formatNumber(value: number, lang: Language, digits: number): string {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeTag(lang), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, f);
  }
  return f.format(value);
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

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Date and clock time of an ISO instant in the city's zone (history: the date matters). */
export function formatDateTime(iso: string, lang: Language, timeZone: string = CITY_TIME_ZONE): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const key = `${lang}:${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeTag(lang), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    dateTimeFormats.set(key, f);
  }
  return f.format(ms);
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
  return Date.parse(`${withSeconds}${utcOffset(asUtc, timeZone)}`);
}
