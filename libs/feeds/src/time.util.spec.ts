import { isoFromEpochMs, isoFromEpochSeconds, parseIsoTime } from './time.util';

describe('parseIsoTime', () => {
  it.each([
    ['2020-02-12T15:15:45.789585559Z', 'Z', '2020-02-12T15:15:45.789Z'],
    ['2020-02-12T15:15:45.999999999Z', 'Z', '2020-02-12T15:15:45.999Z'],
    ['2017-01-02T09:25:55.00Z', 'Z', '2017-01-02T09:25:55.000Z'],
    ['2024-01-10T18:42:48+00:00', 'reject', '2024-01-10T18:42:48.000Z'],
    ['2024-01-11T01:42:48+07:00', 'reject', '2024-01-10T18:42:48.000Z'],
    ['2003-06-17T14:57:00-07:00', 'reject', '2003-06-17T21:57:00.000Z'],
    ['2024-01-11T01:42:48+0700', 'reject', '2024-01-10T18:42:48.000Z'],
    ['2016-03-15T11:00:00', '+07:00', '2016-03-15T04:00:00.000Z'],
    ['2016-03-15T11:00', 'Z', '2016-03-15T11:00:00.000Z'],
    ['2016-12-31T23:59:60Z', 'Z', '2016-12-31T23:59:59.999Z'],
    ['2024-02-29T00:00:00Z', 'Z', '2024-02-29T00:00:00.000Z'],
  ])('%s (naive=%s) → %s', (text, naive, iso) => {
    expect(parseIsoTime(text, naive)).toEqual({ ok: true, iso });
  });

  it.each([
    ['2016-03-15T11:00:00', 'reject', 'time has no UTC offset'],
    ['2023-02-29T00:00:00Z', 'Z', 'invalid date-time'],
    ['2023-13-01T00:00:00Z', 'Z', 'invalid date-time'],
    ['2023-01-01T24:00:00Z', 'Z', 'invalid date-time'],
    ['2023-01-01T00:00:00+25:00', 'Z', 'invalid UTC offset'],
    ['1969-12-31T23:59:59Z', 'Z', 'time out of range'],
    ['yesterday', 'Z', 'not an ISO-8601 time'],
    ['2016-03-15T11:00:00', 'bogus', 'invalid UTC offset'],
  ])('rejects %s (naive=%s)', (text, naive, reason) => {
    const r = parseIsoTime(text, naive);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});

describe('epoch conversions', () => {
  it('converts float seconds and ms; refuses non-finite and out-of-range', () => {
    expect(isoFromEpochSeconds(1607123955.475377)).toBe('2020-12-04T23:19:15.475Z');
    expect(isoFromEpochMs(1704912168000)).toBe('2024-01-10T18:42:48.000Z');
    expect(isoFromEpochSeconds(Number.NaN)).toBeNull();
    expect(isoFromEpochMs(Number.POSITIVE_INFINITY)).toBeNull();
    expect(isoFromEpochMs(-1)).toBeNull();
    expect(isoFromEpochMs(253402300800000)).toBeNull();
  });
});
