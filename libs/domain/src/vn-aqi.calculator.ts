/**
 * VN_AQI per Decision 1459/QĐ-TCMT (12/11/2019): sub-indices by linear interpolation between the
 * breakpoints of Bảng 2, NowCast for PM, hourly and daily AQI, and the six bands of Bảng 1.
 */
import breakpoints from './vn-aqi-1459.breakpoints.json';

export type VnAqiPollutant = 'PM25' | 'PM10' | 'O3_1h' | 'O3_8h' | 'CO_1h' | 'SO2_1h' | 'NO2_1h';

/** The decision's table, kept with its `_source` in the JSON file beside this one. */
export const VN_AQI_BREAKPOINTS: Readonly<Record<VnAqiPollutant, readonly (number | null)[]>> = Object.freeze(
  {
    PM25: breakpoints.PM25,
    PM10: breakpoints.PM10,
    O3_1h: breakpoints.O3_1h,
    O3_8h: breakpoints.O3_8h,
    CO_1h: breakpoints.CO_1h,
    SO2_1h: breakpoints.SO2_1h,
    NO2_1h: breakpoints.NO2_1h,
  },
);
export const VN_AQI_INDEX_BREAKPOINTS: readonly number[] = breakpoints.I;
export const VN_AQI_SOURCE: string = breakpoints._source;
/** Top of the scale; concentrations beyond the table are reported at this value. */
export const VN_AQI_MAX = 500;

export type VnAqiBand = 'good' | 'moderate' | 'poor' | 'bad' | 'very_bad' | 'hazardous';

export interface VnAqiBandInfo {
  band: VnAqiBand;
  /** Inclusive integer AQI range of the band. */
  min: number;
  max: number;
  vi: string;
  en: string;
  rgb: readonly [number, number, number];
  /** #rrggbb of `rgb`. */
  color: string;
}

const BAND_KEYS: readonly VnAqiBand[] = ['good', 'moderate', 'poor', 'bad', 'very_bad', 'hazardous'];
const BAND_EN = ['Good', 'Moderate', 'Poor', 'Bad', 'Very bad', 'Hazardous'];

const hex = (rgb: readonly number[]) => '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('');

/** Bảng 1 of the decision, built from the JSON `categories` so names and colours have one source. */
export const VN_AQI_BANDS: readonly VnAqiBandInfo[] = Object.freeze(
  (breakpoints.categories as [number, number, string, string][]).map(([min, max, vi, rgbText], i) => {
    const rgb = rgbText.split(';').map(Number) as [number, number, number];
    return Object.freeze({ band: BAND_KEYS[i], min, max, vi, en: BAND_EN[i], rgb, color: hex(rgb) });
  }),
);

/** Ordinal of a band (good = 0 … hazardous = 5), for "reaches at least" comparisons. */
export function vnAqiBandRank(band: VnAqiBand): number {
  return BAND_KEYS.indexOf(band);
}

/**
 * The decision's worked example (NO2 118.7 µg/m³ → 59.35 → published 60) only reproduces when the
 * index is rounded up, which also keeps any concentration above a breakpoint out of the lower band
 * (PM2.5 25.1 → 50.2 → 51, Trung bình). The epsilon absorbs float noise on exact breakpoints.
 */
export function roundVnAqi(value: number): number {
  return Math.max(0, Math.ceil(value - 1e-9));
}

function isUsable(c: number | null | undefined): c is number {
  return c !== null && c !== undefined && Number.isFinite(c) && c >= 0;
}

/**
 * Unrounded sub-index: AQI_x = (I[i+1] − I[i]) / (BP[i+1] − BP[i]) × (C − BP[i]) + I[i].
 * Null without a usable value, or where the table has no breakpoint (O3 8h above 400 µg/m³: the
 * decision uses the 1-hour value there). Beyond the last breakpoint: VN_AQI_MAX.
 */
export function subIndexExact(
  pollutant: VnAqiPollutant,
  concentration: number | null | undefined,
): number | null {
  if (!isUsable(concentration)) return null;
  const bp = VN_AQI_BREAKPOINTS[pollutant];
  const idx = VN_AQI_INDEX_BREAKPOINTS;
  for (let i = 0; i < bp.length - 1; i++) {
    const lo = bp[i];
    const hi = bp[i + 1];
    if (lo === null || hi === null) return null;
    if (concentration <= hi) return ((idx[i + 1] - idx[i]) / (hi - lo)) * (concentration - lo) + idx[i];
  }
  return VN_AQI_MAX;
}

/** Sub-index rounded as the decision publishes it. */
export function subIndex(pollutant: VnAqiPollutant, concentration: number | null | undefined): number | null {
  const exact = subIndexExact(pollutant, concentration);
  return exact === null ? null : roundVnAqi(exact);
}

/**
 * NowCast of PM2.5/PM10 from hourly means, most recent hour first (index 0 = the hour just ended;
 * null = missing). Uses the last 12 hours: w* = Cmin/Cmax, w = max(w*, 0.5),
 * NowCast = Σ w^(i−1)·c_i / Σ w^(i−1) over the hours present. Null unless at least 2 of the last 3
 * hours are present.
 */
export function nowCast(hourlyMeansNewestFirst: readonly (number | null | undefined)[]): number | null {
  const hours = hourlyMeansNewestFirst.slice(0, 12);
  const recent = hours.slice(0, 3).filter(isUsable).length;
  if (recent < 2) return null;
  const present = hours.map((c, i) => ({ c, i })).filter((h): h is { c: number; i: number } => isUsable(h.c));
  const values = present.map((h) => h.c);
  const cMax = Math.max(...values);
  if (cMax === 0) return 0;
  const w = Math.max(Math.min(...values) / cMax, 0.5);
  let num = 0;
  let den = 0;
  for (const { c, i } of present) {
    const weight = w ** i;
    num += weight * c;
    den += weight;
  }
  return num / den;
}

/** The band an (integer) AQI falls in; above 500 stays Nguy hại. Null without a usable value. */
export function vnAqiBandOf(aqi: number | null | undefined): VnAqiBandInfo | null {
  if (!isUsable(aqi)) return null;
  return VN_AQI_BANDS.find((b) => aqi <= b.max) ?? VN_AQI_BANDS[VN_AQI_BANDS.length - 1];
}

export type VnAqiParameter = 'PM25' | 'PM10' | 'O3' | 'CO' | 'SO2' | 'NO2';

export interface VnAqiResult {
  aqi: number;
  band: VnAqiBandInfo;
  /** The parameter(s) whose sub-index equals the AQI. */
  dominant: VnAqiParameter[];
  subIndices: Partial<Record<VnAqiParameter, number>>;
}

function combine(sub: Partial<Record<VnAqiParameter, number | null>>): VnAqiResult | null {
  // The decision requires at least one of PM10 / PM2.5.
  if (sub.PM25 == null && sub.PM10 == null) return null;
  const subIndices: Partial<Record<VnAqiParameter, number>> = {};
  for (const [k, v] of Object.entries(sub) as [VnAqiParameter, number | null | undefined][])
    if (v !== null && v !== undefined) subIndices[k] = v;
  const aqi = Math.max(...Object.values(subIndices));
  const dominant = (Object.keys(subIndices) as VnAqiParameter[]).filter((k) => subIndices[k] === aqi);
  return { aqi, band: vnAqiBandOf(aqi)!, dominant, subIndices };
}

/** Inputs of the hourly AQI, µg/m³: PM as NowCast, gases as 1-hour means. */
export interface VnAqiHourlyInput {
  pm25NowCast?: number | null;
  pm10NowCast?: number | null;
  o3?: number | null;
  no2?: number | null;
  so2?: number | null;
  co?: number | null;
}

/** AQI_h = max of the rounded sub-indices; null when neither PM value is usable. */
export function hourlyVnAqi(input: VnAqiHourlyInput): VnAqiResult | null {
  return combine({
    PM25: subIndex('PM25', input.pm25NowCast),
    PM10: subIndex('PM10', input.pm10NowCast),
    O3: subIndex('O3_1h', input.o3),
    NO2: subIndex('NO2_1h', input.no2),
    SO2: subIndex('SO2_1h', input.so2),
    CO: subIndex('CO_1h', input.co),
  });
}

/** Same as hourlyVnAqi, with PM given as hourly means (newest first) and NowCast computed here. */
export function hourlyVnAqiFromHours(
  input: Omit<VnAqiHourlyInput, 'pm25NowCast' | 'pm10NowCast'> & {
    pm25Hours?: readonly (number | null)[];
    pm10Hours?: readonly (number | null)[];
  },
): VnAqiResult | null {
  const { pm25Hours, pm10Hours, ...gases } = input;
  return hourlyVnAqi({
    ...gases,
    pm25NowCast: pm25Hours ? nowCast(pm25Hours) : null,
    pm10NowCast: pm10Hours ? nowCast(pm10Hours) : null,
  });
}

/** Inputs of the daily AQI, µg/m³, over the day 01:00–24:00 local time. */
export interface VnAqiDailyInput {
  pm25Mean24h?: number | null;
  pm10Mean24h?: number | null;
  o3Max1h?: number | null;
  o3Max8h?: number | null;
  no2Max1h?: number | null;
  so2Max1h?: number | null;
  coMax1h?: number | null;
}

/** Daily AQI: PM from 24-hour means, O3 = max(AQI of max 1h, AQI of max 8h), other gases from max 1h. */
export function dailyVnAqi(input: VnAqiDailyInput): VnAqiResult | null {
  const o3 = [subIndex('O3_1h', input.o3Max1h), subIndex('O3_8h', input.o3Max8h)].filter(
    (v): v is number => v !== null,
  );
  return combine({
    PM25: subIndex('PM25', input.pm25Mean24h),
    PM10: subIndex('PM10', input.pm10Mean24h),
    O3: o3.length ? Math.max(...o3) : null,
    NO2: subIndex('NO2_1h', input.no2Max1h),
    SO2: subIndex('SO2_1h', input.so2Max1h),
    CO: subIndex('CO_1h', input.coMax1h),
  });
}
