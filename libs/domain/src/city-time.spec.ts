import { CITY_TIME_ZONE, VN_UTC_OFFSET, VN_UTC_OFFSET_MIN } from './city-time';
import { utcOffset } from './local-time';

describe('city time constants', () => {
  it('agree with the zone itself, in January and in July (no daylight saving)', () => {
    for (const at of [Date.UTC(2025, 0, 15), Date.UTC(2025, 6, 15)]) {
      expect(utcOffset(at, CITY_TIME_ZONE)).toBe(VN_UTC_OFFSET);
      const hh = String(Math.floor(VN_UTC_OFFSET_MIN / 60)).padStart(2, '0');
      const mm = String(VN_UTC_OFFSET_MIN % 60).padStart(2, '0');
      expect(VN_UTC_OFFSET).toBe(`+${hh}:${mm}`);
    }
  });
});
