import { LOCALE_BUNDLES, RESOURCES, mergeLocale } from './locale.bundles';
import { en } from './en.locale';
import { dispatchStrings } from './dispatch.locale';
import { cameraStrings } from './camera.locale';
import { deskStrings } from './desk.locale';
import { historyStrings } from './history.locale';
import { readingStrings } from './readings.locale';
import { mapStrings } from './map.locale';
import {
  cityDate,
  formatDateTime,
  fromCityInput,
  toCityInput,
  toCityText,
  parseCityText,
  parseCityDate,
  formatCityDate,
  formatIsoDate,
  formatNumber,
  formatTime,
  isLanguage,
  localeTag,
} from './locale.format';
import { vi } from './vi.locale';

describe('locale formatting', () => {
  it('uses a decimal comma in Vietnamese and a point in English', () => {
    expect(formatNumber(12.345, 'vi', 1)).toBe('12,3');
    expect(formatNumber(12.345, 'en', 1)).toBe('12.3');
    expect(formatNumber(1234.5, 'vi', 2)).toBe('1.234,50');
    expect(formatNumber(1234.5, 'en', 0)).toBe('1,235');
  });

  it('shows times in Vietnam time (UTC+7), 24-hour', () => {
    expect(formatTime('2025-03-01T17:05:09Z', 'vi')).toBe('00:05:09');
    expect(formatTime('2025-03-01T05:05:09.900Z', 'en')).toBe('12:05:09');
    expect(formatTime('not a time', 'vi')).toBe('');
  });

  it('dates history in the city: date and time, and the city-local calendar day', () => {
    // one city format whatever the language: dd/MM/yyyy HH:mm:ss, 24 h
    expect(formatDateTime('2025-03-01T17:05:09Z', 'en')).toBe('02/03/2025 00:05:09');
    expect(formatDateTime('2025-03-01T17:05:09Z', 'vi')).toBe('02/03/2025 00:05:09');
    expect(formatDateTime('2025-03-01T12:05:09Z', 'vi', undefined, { seconds: false })).toBe(
      '01/03/2025 19:05',
    );
    expect(formatCityDate(Date.parse('2025-03-01T17:05:09Z'))).toBe('02/03/2025');
    expect(formatIsoDate('2026-12-04')).toBe('04/12/2026');
    expect(cityDate(Date.parse('2025-03-01T17:05:09Z'))).toBe('2025-03-02');
    expect(cityDate(Date.parse('2025-03-01T16:59:59Z'))).toBe('2025-03-01');
  });

  it('reads and writes the history range inputs in city time, whatever the browser zone', () => {
    expect(toCityInput(Date.parse('2025-03-01T17:05:09Z'))).toBe('2025-03-02T00:05');
    expect(new Date(fromCityInput('2025-03-02T00:05')).toISOString()).toBe('2025-03-01T17:05:00.000Z');
    expect(fromCityInput('')).toBeNaN();
  });

  it('reads city-format date-times typed by an operator, and refuses what is no date', () => {
    expect(toCityText(Date.parse('2026-12-04T12:30:00Z'))).toBe('04/12/2026 19:30');
    expect(new Date(parseCityText('04/12/2026 19:30')).toISOString()).toBe('2026-12-04T12:30:00.000Z');
    expect(new Date(parseCityText(' 4/12/2026 7:05:09 ')).toISOString()).toBe('2026-12-04T00:05:09.000Z');
    expect(new Date(parseCityText('01/01/2026 00:00')).toISOString()).toBe('2025-12-31T17:00:00.000Z');
    for (const bad of [
      '31/02/2026 10:00',
      '04/13/2026 10:00',
      '04/12/2026 24:00',
      '04/12/2026 10:60',
      '2026-12-04T19:30',
      'hôm qua',
      '',
      '04/12/26 10:00',
    ])
      expect({ bad, ms: parseCityText(bad) }).toEqual({ bad, ms: NaN });
    expect(parseCityDate('4/12/2026')).toBe('2026-12-04');
    expect(parseCityDate('29/02/2028')).toBe('2028-02-29');
    for (const bad of ['29/02/2026', '2026-12-04', '04/12', ''])
      expect({ bad, d: parseCityDate(bad) }).toEqual({ bad, d: null });
    // round trip
    const t = Date.parse('2025-06-30T23:59:00Z');
    expect(parseCityText(toCityText(t))).toBe(t);
  });

  it('knows its languages', () => {
    expect(localeTag('vi')).toBe('vi-VN');
    expect(localeTag('en')).toBe('en-GB');
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('fr')).toBe(false);
  });
});

describe('locale resources', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'object' && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
    );

  it('have the same keys in vi and en, with no empty string', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
    expect(keys(historyStrings.en).sort()).toEqual(keys(historyStrings.vi).sort());
    expect(keys(readingStrings.en).sort()).toEqual(keys(readingStrings.vi).sort());
    expect(readingStrings.vi.metric['battery']).toBe('Pin');
    expect(readingStrings.vi.metric['temperature']).toBe('Nhiệt độ');
    expect(readingStrings.en.metric['water_level']).toBe('Water level');
    expect(keys(mapStrings.en).sort()).toEqual(keys(mapStrings.vi).sort());
    // the map strings add keys, never replace the base dictionaries' ones
    expect(keys(mapStrings.vi).filter((k) => keys(vi).includes(k))).toEqual([]);
    expect(keys(dispatchStrings.en).sort()).toEqual(keys(dispatchStrings.vi).sort());
    expect(keys(cameraStrings.en).sort()).toEqual(keys(cameraStrings.vi).sort());
    expect(keys(deskStrings.en).sort()).toEqual(keys(deskStrings.vi).sort());
    for (const lang of [vi, en, cameraStrings.vi, cameraStrings.en]) {
      for (const k of keys(lang)) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang);
        expect({ k, empty: typeof v !== 'string' || v.trim() === '' }).toEqual({ k, empty: false });
      }
    }
  });

  it('keep the required Vietnamese title', () => {
    expect(vi.app.title.replace('{{city}}', 'Phan Thiết')).toBe(
      'Trung tâm Điều hành Thông minh — Phan Thiết',
    );
  });
});

describe('locale bundles', () => {
  it('merge every bundle without losing a string (shared namespaces are merged, not replaced)', () => {
    const leaves = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' && v ? leaves(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    for (const lang of ['vi', 'en'] as const) {
      const merged = new Set(leaves(RESOURCES[lang].translation));
      const all = LOCALE_BUNDLES.flatMap((b) => leaves(b[lang]));
      expect(all.filter((k) => !merged.has(k))).toEqual([]);
      expect(merged.size).toBe(all.length);
    }
    // the dispatch dialog's and the desk's strings share `desk.*`: both survive
    expect(RESOURCES.vi.translation).toMatchObject({ desk: { needs: expect.any(String), reopen: 'Mở lại' } });
  });

  it('refuse the same string twice', () => {
    expect(() => mergeLocale([{ a: { b: 'x' } }, { a: { b: 'y' } }])).toThrow('i18n key defined twice: a.b');
    expect(mergeLocale([{ a: { b: 'x' } }, { a: { c: 'y' } }])).toEqual({ a: { b: 'x', c: 'y' } });
  });
});
