import { subIndex } from './vn-aqi.calculator';
import {
  HOUR_MS,
  hourStartOf,
  hourlyMeansFrom,
  hourlyVnAqiAt,
  hoursToEvaluate,
  type HourlyMeanRow,
} from './vn-aqi.hours';

const H0 = Date.parse('2025-05-01T00:00:00Z');
const h = (n: number) => H0 + n * HOUR_MS;

describe('hourStartOf', () => {
  it('truncates to the UTC hour (= the local hour in Vietnam, UTC+7)', () => {
    expect(hourStartOf(Date.parse('2025-05-01T10:59:59.999Z'))).toBe(Date.parse('2025-05-01T10:00:00Z'));
    expect(hourStartOf(h(3))).toBe(h(3));
  });
});

describe('hourlyVnAqiAt', () => {
  const rows = (metric: string, values: (number | null)[], count = 60): HourlyMeanRow[] =>
    values.flatMap((mean, i) => (mean === null ? [] : [{ metric, hour: h(i), mean, count }]));

  it('reproduces the decision’s worked example from a steady PM2.5 NowCast of 20.3, NO2 118.7, O3 136.1', () => {
    const means = hourlyMeansFrom([
      ...rows('pm25', Array(12).fill(20.3)),
      ...rows('no2', [...Array(11).fill(null), 118.7]),
      ...rows('o3', [...Array(11).fill(null), 136.1]),
    ]);
    expect(hourlyVnAqiAt(h(11), means)).toMatchObject({
      aqi: 60,
      dominant: ['NO2'],
      subIndices: { PM25: 41, NO2: 60, O3: 43 },
    });
  });

  it('uses the 12 hours ending at the hour, newest first, and only that hour’s gases', () => {
    // 13 hours: the first (1000) is outside the window of hour 12
    const means = hourlyMeansFrom([...rows('pm25', [1000, ...Array(12).fill(60)]), ...rows('no2', [5000])]);
    const r = hourlyVnAqiAt(h(12), means);
    expect(r?.aqi).toBe(subIndex('PM25', 60));
    expect(r?.band.band).toBe('poor');
    expect(r?.subIndices.NO2).toBeUndefined();
  });

  it('has no index when 2 of the last 3 hours are missing or too thin', () => {
    const thin = hourlyMeansFrom(
      [
        { metric: 'pm25', hour: h(0), mean: 40, count: 60 },
        { metric: 'pm25', hour: h(1), mean: 40, count: 60 },
        { metric: 'pm25', hour: h(2), mean: 40, count: 2 },
        { metric: 'pm25', hour: h(3), mean: 40, count: 1 },
      ],
      3,
    );
    expect(hourlyVnAqiAt(h(3), thin)).toBeNull();
    expect(hourlyVnAqiAt(h(2), thin)).not.toBeNull();
  });

  it('ignores metrics the index does not use', () => {
    expect(hourlyMeansFrom([{ metric: 'temperature', hour: h(0), mean: 30, count: 1 }])).toEqual({});
  });
});

describe('hoursToEvaluate', () => {
  const base = { completeAfterMs: 2 * 60_000, lookbackHours: 24 };

  it('waits until an hour has ended plus the grace', () => {
    // 10:01: hour 9 ended a minute ago, grace is 2 minutes → last complete is hour 8
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: h(7), earliestDirty: null, now: h(10) + 60_000 }),
    ).toEqual([h(8)]);
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: h(7), earliestDirty: null, now: h(10) + 120_000 }),
    ).toEqual([h(8), h(9)]);
  });

  it('continues after the last evaluated hour and never goes back for late data', () => {
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: h(9), earliestDirty: h(3), now: h(11) + 3 * 60_000 }),
    ).toEqual([h(10)]);
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: h(10), earliestDirty: h(3), now: h(11) + 3 * 60_000 }),
    ).toEqual([]);
  });

  it('starts from the earliest new reading on first evaluation, bounded by the lookback', () => {
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: null, earliestDirty: h(2) + 1234, now: h(5) + 3 * 60_000 }),
    ).toEqual([h(2), h(3), h(4)]);
    expect(
      hoursToEvaluate({
        ...base,
        lookbackHours: 2,
        lastEvaluated: null,
        earliestDirty: h(0),
        now: h(5) + 3 * 60_000,
      }),
    ).toEqual([h(3), h(4)]);
  });

  it('evaluates just the last complete hour when nothing is known', () => {
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: null, earliestDirty: null, now: h(5) + 3 * 60_000 }),
    ).toEqual([h(4)]);
    // a reading in the current hour does not skip the hour that just completed
    expect(
      hoursToEvaluate({ ...base, lastEvaluated: null, earliestDirty: h(5) + 60_000, now: h(5) + 3 * 60_000 }),
    ).toEqual([h(4)]);
  });
});
