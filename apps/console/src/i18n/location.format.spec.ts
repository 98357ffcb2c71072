import { destinationPoint } from '@ioc/domain/geo';
import i18next from 'i18next';
import { en } from './en.locale';
import { mapStrings } from './map.locale';
import { vi } from './vi.locale';
import { describePoint, formatDistance, formatDuration } from './location.format';

const cho = { id: 'cho', name: 'Chợ Phan Thiết', lat: 10.9262, lon: 108.1006 };

beforeAll(async () => {
  await i18next.init({
    resources: {
      vi: { translation: { ...vi, ...mapStrings.vi } },
      en: { translation: { ...en, ...mapStrings.en } },
    },
    lng: 'vi',
    interpolation: { escapeValue: false },
  });
});

describe('landmark text', () => {
  it('says how far from the nearest landmark, per locale', () => {
    const p = destinationPoint(cho, 90, 121);
    expect(describePoint(p, [cho], i18next.getFixedT('vi'), 'vi')).toBe('cách Chợ Phan Thiết 120 m');
    expect(describePoint(p, [cho], i18next.getFixedT('en'), 'en')).toBe('120 m from Chợ Phan Thiết');
    const far = destinationPoint(cho, 0, 1440);
    expect(describePoint(far, [cho], i18next.getFixedT('vi'), 'vi')).toBe('cách Chợ Phan Thiết 1,4 km');
    expect(describePoint(far, [cho], i18next.getFixedT('en'), 'en')).toBe('1.4 km from Chợ Phan Thiết');
  });

  it('says "at" within 30 m and nothing without a position', () => {
    const p = destinationPoint(cho, 10, 20);
    expect(describePoint(p, [cho], i18next.getFixedT('vi'), 'vi')).toBe('tại Chợ Phan Thiết');
    expect(describePoint(p, [cho], i18next.getFixedT('en'), 'en')).toBe('at Chợ Phan Thiết');
    expect(describePoint({ lat: null, lon: null }, [cho], i18next.getFixedT('vi'), 'vi')).toBe('');
  });

  it('formats distances and durations', () => {
    expect(formatDistance(2500, 'vi')).toBe('2,5 km');
    expect(formatDistance(990, 'en')).toBe('990 m');
    const t = i18next.getFixedT('vi');
    expect(formatDuration(42_000, t)).toBe('42 giây');
    expect(formatDuration(12 * 60_000 + 5000, t)).toBe('12 phút');
    expect(formatDuration(3600_000 + 5 * 60_000, t)).toBe('1 giờ 5 phút');
    expect(formatDuration(-5, i18next.getFixedT('en'))).toBe('0 s');
  });
});
