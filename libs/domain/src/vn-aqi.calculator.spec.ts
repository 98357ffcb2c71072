import breakpointsJson from './vn-aqi-1459.breakpoints.json';
import {
  VN_AQI_BANDS,
  VN_AQI_BREAKPOINTS,
  VN_AQI_INDEX_BREAKPOINTS,
  VN_AQI_SOURCE,
  dailyVnAqi,
  hourlyVnAqi,
  hourlyVnAqiFromHours,
  nowCast,
  roundVnAqi,
  subIndex,
  subIndexExact,
  vnAqiBandOf,
  vnAqiBandRank,
} from './vn-aqi.calculator';

describe('VN_AQI worked example of QĐ 1459/QĐ-TCMT', () => {
  it('gives PM2.5 NowCast 20.3 → 41, NO2 118.7 → 60, O3 136.1 → 43 and AQI_h = 60', () => {
    expect(subIndex('PM25', 20.3)).toBe(41);
    expect(subIndex('NO2_1h', 118.7)).toBe(60);
    expect(subIndex('O3_1h', 136.1)).toBe(43);
    const result = hourlyVnAqi({ pm25NowCast: 20.3, no2: 118.7, o3: 136.1 });
    expect(result).toMatchObject({ aqi: 60, dominant: ['NO2'], subIndices: { PM25: 41, NO2: 60, O3: 43 } });
    expect(result?.band).toMatchObject({ band: 'moderate', vi: 'Trung bình', en: 'Moderate' });
  });

  it('gives daily PM2.5 55.7 → 110 (the decision’s daily example)', () => {
    expect(subIndexExact('PM25', 55.7)).toBeCloseTo(109.5, 6);
    expect(dailyVnAqi({ pm25Mean24h: 55.7 })).toMatchObject({ aqi: 110, dominant: ['PM25'] });
  });

  it('interpolates the unrounded sub-index linearly', () => {
    expect(subIndexExact('PM25', 20.3)).toBeCloseTo(40.6, 9);
    expect(subIndexExact('NO2_1h', 118.7)).toBeCloseTo(59.35, 9);
    expect(subIndexExact('O3_1h', 136.1)).toBeCloseTo(42.53125, 9);
  });

  it('keeps the table source', () => {
    expect(VN_AQI_SOURCE).toContain('1459/QĐ-TCMT');
    expect(breakpointsJson._source).toBe(VN_AQI_SOURCE);
  });
});

describe('subIndex at the breakpoints', () => {
  it.each([
    ['PM25', 0, 0],
    ['PM25', 25, 50],
    ['PM25', 25.1, 51],
    ['PM25', 50, 100],
    ['PM25', 50.01, 101],
    ['PM25', 80, 150],
    ['PM25', 150, 200],
    ['PM25', 250, 300],
    ['PM25', 350, 400],
    ['PM25', 500, 500],
    ['PM25', 900, 500],
    ['PM10', 50, 50],
    ['PM10', 150, 100],
    ['PM10', 420, 300],
    ['CO_1h', 10000, 50],
    ['CO_1h', 30000, 100],
    ['SO2_1h', 125, 50],
    ['SO2_1h', 350, 100],
    ['NO2_1h', 200, 100],
    ['NO2_1h', 450, 125],
    ['O3_1h', 160, 50],
    ['O3_8h', 100, 50],
    ['O3_8h', 400, 300],
  ] as const)('%s %p µg/m³ → %p', (pollutant, c, aqi) => {
    expect(subIndex(pollutant, c)).toBe(aqi);
  });

  // Every breakpoint of Bảng 2: exactly at BP_i the index is I_i (top of band i−1); just above, the next band.
  const edges = (Object.keys(VN_AQI_BREAKPOINTS) as (keyof typeof VN_AQI_BREAKPOINTS)[]).flatMap((p) =>
    VN_AQI_BREAKPOINTS[p].flatMap((bp, i) =>
      i >= 1 && i <= 5 && bp !== null && VN_AQI_BREAKPOINTS[p][i + 1] !== null
        ? [[p, bp, VN_AQI_INDEX_BREAKPOINTS[i], VN_AQI_BANDS[i - 1].band, VN_AQI_BANDS[i].band] as const]
        : [],
    ),
  );
  it.each(edges)('%s at %p µg/m³ → %p (%s), just above → %s', (pollutant, bp, aqi, bandAt, bandAbove) => {
    expect(subIndex(pollutant, bp)).toBe(aqi);
    expect(vnAqiBandOf(subIndex(pollutant, bp))?.band).toBe(bandAt);
    expect(vnAqiBandOf(subIndex(pollutant, bp + 0.01))?.band).toBe(bandAbove);
  });

  it('has no O3 8h index above 400 µg/m³ (the decision uses the 1 h value there)', () => {
    expect(subIndex('O3_8h', 401)).toBeNull();
  });

  it.each([null, undefined, NaN, -1, Infinity])('gives no sub-index for %p', (c) => {
    expect(subIndex('PM25', c)).toBeNull();
  });

  it('rounds up, absorbing float noise on exact values', () => {
    expect(roundVnAqi(50.0000000001)).toBe(50);
    expect(roundVnAqi(50.2)).toBe(51);
    expect(roundVnAqi(0)).toBe(0);
  });
});

describe('bands', () => {
  it.each([
    [0, 'good', 'Tốt', '#00e400'],
    [50, 'good', 'Tốt', '#00e400'],
    [51, 'moderate', 'Trung bình', '#ffff00'],
    [100, 'moderate', 'Trung bình', '#ffff00'],
    [101, 'poor', 'Kém', '#ff7e00'],
    [150, 'poor', 'Kém', '#ff7e00'],
    [151, 'bad', 'Xấu', '#ff0000'],
    [200, 'bad', 'Xấu', '#ff0000'],
    [201, 'very_bad', 'Rất xấu', '#8f3f97'],
    [300, 'very_bad', 'Rất xấu', '#8f3f97'],
    [301, 'hazardous', 'Nguy hại', '#7e0023'],
    [500, 'hazardous', 'Nguy hại', '#7e0023'],
    [650, 'hazardous', 'Nguy hại', '#7e0023'],
  ])('AQI %p is %s (%s, %s)', (aqi, band, vi, color) => {
    expect(vnAqiBandOf(aqi)).toMatchObject({ band, vi, color });
  });

  it('carries the decision’s RGB triples and English names', () => {
    expect(VN_AQI_BANDS.map((b) => [b.en, b.rgb.join(';')])).toEqual([
      ['Good', '0;228;0'],
      ['Moderate', '255;255;0'],
      ['Poor', '255;126;0'],
      ['Bad', '255;0;0'],
      ['Very bad', '143;63;151'],
      ['Hazardous', '126;0;35'],
    ]);
    expect(vnAqiBandRank('good')).toBe(0);
    expect(vnAqiBandRank('hazardous')).toBe(5);
  });

  it('gives no band without a value', () => {
    expect(vnAqiBandOf(null)).toBeNull();
  });
});

describe('nowCast', () => {
  it('weights hours by w = max(Cmin/Cmax, 0.5), newest first', () => {
    // w* = 0.8: (10 + 0.8·8) / 1.8
    expect(nowCast([10, 8])).toBeCloseTo(16.4 / 1.8, 9);
    // w* = 28/52 over 12 full hours
    expect(nowCast([38, 46, 52, 40, 28, 30, 34, 36, 40, 44, 48, 50])).toBeCloseTo(41.4282, 4);
  });

  it('floors w at 0.5', () => {
    // w* = 5/80 → 0.5: (80 + 10 + 2.5 + 0.625) / (1 + 0.5 + 0.25 + 0.125)
    expect(nowCast([80, 20, 10, 5])).toBeCloseTo(49.6667, 4);
  });

  it('returns the value itself for a steady series and 0 for clean air', () => {
    expect(nowCast(Array(12).fill(30))).toBeCloseTo(30, 9);
    expect(nowCast([0, 0, 0])).toBe(0);
  });

  it('skips missing hours but keeps their position in the weights', () => {
    // hours 1 and 3 present: (10 + 0.25·20) / (1 + 0.25)
    expect(nowCast([10, null, 20])).toBeCloseTo(12, 9);
  });

  it('uses only the last 12 hours', () => {
    expect(nowCast([...Array(12).fill(30), 1000])).toBeCloseTo(30, 9);
  });

  it('needs at least 2 of the last 3 hours', () => {
    expect(nowCast([null, 10, null, 40, 40])).toBeNull();
    expect(nowCast([12])).toBeNull();
    expect(nowCast([])).toBeNull();
    expect(nowCast([null, 10, 12])).not.toBeNull();
  });
});

describe('hourly and daily AQI', () => {
  it('is null without PM2.5 or PM10', () => {
    expect(hourlyVnAqi({ no2: 300, o3: 100 })).toBeNull();
    expect(dailyVnAqi({ no2Max1h: 300 })).toBeNull();
  });

  it('takes the max sub-index and lists ties as dominant', () => {
    // PM2.5 25 → 50, PM10 50 → 50
    expect(hourlyVnAqi({ pm25NowCast: 25, pm10NowCast: 50 })).toMatchObject({
      aqi: 50,
      dominant: ['PM25', 'PM10'],
    });
    // PM10 alone is enough; SO2 350 → 100 dominates
    expect(hourlyVnAqi({ pm10NowCast: 10, so2: 350 })).toMatchObject({ aqi: 100, dominant: ['SO2'] });
  });

  it('computes NowCast from hourly means', () => {
    const result = hourlyVnAqiFromHours({ pm25Hours: Array(12).fill(55.7), no2: 100 });
    expect(result).toMatchObject({ aqi: 110, subIndices: { PM25: 110, NO2: 50 } });
    expect(hourlyVnAqiFromHours({ pm25Hours: [null, null, 30], no2: 100 })).toBeNull();
  });

  it('uses the larger of the O3 1 h and 8 h indices for the daily value', () => {
    // O3 max 1h 160 → 50; max 8h 170 → 150
    expect(dailyVnAqi({ pm10Mean24h: 20, o3Max1h: 160, o3Max8h: 170 })).toMatchObject({
      aqi: 150,
      dominant: ['O3'],
      subIndices: { PM10: 20, O3: 150 },
    });
    // 8h beyond the table: only the 1h value counts
    expect(dailyVnAqi({ pm10Mean24h: 20, o3Max1h: 800, o3Max8h: 450 })).toMatchObject({ aqi: 300 });
  });
});
