import { isTimeZone, isoWithOffset, isoWithOffsetMs, localDateCompact, utcOffset } from './local-time';

describe('local time', () => {
  it('formats with the numeric offset of Vietnam, never Z', () => {
    expect(isoWithOffset('2025-03-01T07:05:09.900Z', 'Asia/Ho_Chi_Minh')).toBe('2025-03-01T14:05:09+07:00');
    expect(isoWithOffset(Date.UTC(2025, 0, 1, 0, 0, 0), 'UTC')).toBe('2025-01-01T00:00:00+00:00');
    expect(utcOffset(Date.UTC(2025, 6, 1), 'America/Los_Angeles')).toBe('-07:00');
    expect(utcOffset(Date.UTC(2025, 0, 1), 'Asia/Kolkata')).toBe('+05:30');
  });

  it('takes the local date across midnight UTC', () => {
    expect(localDateCompact('2025-03-01T17:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('20250302');
    expect(localDateCompact('2025-03-01T16:59:59Z', 'Asia/Ho_Chi_Minh')).toBe('20250301');
  });

  it('validates zone names and refuses invalid times', () => {
    expect(isTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => isoWithOffset('nope', 'UTC')).toThrow(RangeError);
  });
});

describe('isoWithOffsetMs', () => {
  it('writes city time with its offset, milliseconds only when there are any', () => {
    expect(isoWithOffsetMs('2026-12-04T12:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-04T19:30:00+07:00');
    expect(isoWithOffsetMs('2026-12-04T12:30:00.25Z', 'Asia/Ho_Chi_Minh')).toBe(
      '2026-12-04T19:30:00.250+07:00',
    );
    expect(isoWithOffsetMs('2026-12-04T17:00:00.001Z', 'Asia/Ho_Chi_Minh')).toBe(
      '2026-12-05T00:00:00.001+07:00',
    );
    expect(Date.parse(isoWithOffsetMs(1_700_000_000_123, 'Asia/Ho_Chi_Minh'))).toBe(1_700_000_000_123);
  });
});
