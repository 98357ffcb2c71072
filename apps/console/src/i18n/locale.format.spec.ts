import { en } from './en.locale';
import { deskStrings } from './desk.locale';
import { historyStrings } from './history.locale';
import {
  cityDate,
  formatDateTime,
  fromCityInput,
  toCityInput,
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
    expect(formatDateTime('2025-03-01T17:05:09Z', 'en')).toBe('02/03/2025, 00:05:09');
    expect(cityDate(Date.parse('2025-03-01T17:05:09Z'))).toBe('2025-03-02');
    expect(cityDate(Date.parse('2025-03-01T16:59:59Z'))).toBe('2025-03-01');
  });

  it('reads and writes the history range inputs in city time, whatever the browser zone', () => {
    expect(toCityInput(Date.parse('2025-03-01T17:05:09Z'))).toBe('2025-03-02T00:05');
    expect(new Date(fromCityInput('2025-03-02T00:05')).toISOString()).toBe('2025-03-01T17:05:00.000Z');
    expect(fromCityInput('')).toBeNaN();
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
    expect(keys(deskStrings.en).sort()).toEqual(keys(deskStrings.vi).sort());
    for (const lang of [vi, en]) {
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
