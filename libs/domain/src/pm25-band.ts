/**
 * PM2.5 concentration bands with the VN_AQI colours (QĐ 1459/QĐ-TCMT). This bands the raw 1-hour
 * concentration for the live map only; the full VN_AQI (NowCast, sub-indices per pollutant) is separate.
 */
export type Pm25Band = 'good' | 'moderate' | 'poor' | 'bad' | 'very_bad' | 'hazardous';

export interface Pm25BandInfo {
  band: Pm25Band;
  /** Lower bound in µg/m³ (inclusive). */
  from: number;
  /** Upper bound in µg/m³ (exclusive); Infinity for the last band. */
  to: number;
  /** VN_AQI colour as #rrggbb. */
  color: string;
}

/** Breakpoints follow the VN_AQI PM2.5 table: 25 / 50 / 80 / 150 / 250 µg/m³. */
export const PM25_BANDS: readonly Pm25BandInfo[] = Object.freeze([
  { band: 'good', from: 0, to: 25, color: '#00e400' },
  { band: 'moderate', from: 25, to: 50, color: '#ffff00' },
  { band: 'poor', from: 50, to: 80, color: '#ff7e00' },
  { band: 'bad', from: 80, to: 150, color: '#ff0000' },
  { band: 'very_bad', from: 150, to: 250, color: '#8f3f97' },
  { band: 'hazardous', from: 250, to: Infinity, color: '#7e0023' },
]);

/** The band a PM2.5 concentration (µg/m³) falls in; null when there is no usable value. */
export function pm25BandOfConcentration(ugPerM3: number | null | undefined): Pm25BandInfo | null {
  if (ugPerM3 === null || ugPerM3 === undefined || !Number.isFinite(ugPerM3) || ugPerM3 < 0) return null;
  return PM25_BANDS.find((b) => ugPerM3 < b.to) ?? PM25_BANDS[PM25_BANDS.length - 1];
}
