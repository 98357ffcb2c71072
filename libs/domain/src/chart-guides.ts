/**
 * What a reading chart draws behind the data so an operator reads it against the levels that matter:
 * a water gauge's flood alarm levels (Báo động I/II/III, from city.json `floodAlarms`, the same levels the
 * flood rule raises at) and, for air pollutants, the concentration ranges of the VN_AQI bands
 * (QĐ 1459/QĐ-TCMT, 1-hour breakpoints).
 */
import type { DisplayLanguage } from './metric-display';
import { VN_AQI_BANDS, VN_AQI_BREAKPOINTS, type VnAqiPollutant } from './vn-aqi.calculator';
import { WATER_LEVEL_BAND_COLORS, type WaterLevelAlarms } from './water-level-band';

export interface ChartLevel {
  value: number;
  label: Readonly<Record<DisplayLanguage, string>>;
  color: string;
}

export interface ChartBand {
  from: number;
  /** Infinity for the last band. */
  to: number;
  label: Readonly<Record<DisplayLanguage, string>>;
  color: string;
}

export interface ChartGuides {
  levels: ChartLevel[];
  bands: ChartBand[];
}

/** Metric → its VN_AQI pollutant table (1-hour values: what the chart's buckets approximate). */
const AQI_POLLUTANT: Readonly<Record<string, VnAqiPollutant>> = Object.freeze({
  pm25: 'PM25',
  pm10: 'PM10',
  no2: 'NO2_1h',
  so2: 'SO2_1h',
  co: 'CO_1h',
  o3: 'O3_1h',
});

const ROMAN = ['I', 'II', 'III'];

/** Concentration ranges of the six VN_AQI bands for a pollutant (the last one open-ended). */
export function vnAqiConcentrationBands(pollutant: VnAqiPollutant): ChartBand[] {
  const bp = VN_AQI_BREAKPOINTS[pollutant];
  return VN_AQI_BANDS.flatMap((b, i) => {
    const from = bp[i];
    if (from === null || from === undefined) return [];
    const next = i < VN_AQI_BANDS.length - 1 ? bp[i + 1] : null;
    return [{ from, to: next ?? Infinity, label: { vi: b.vi, en: b.en }, color: b.color }];
  });
}

/** The guides of one metric's chart: alarm levels of a gauge, VN_AQI bands of a pollutant, else none. */
export function chartGuides(metric: string, floodAlarms?: WaterLevelAlarms | null): ChartGuides {
  if (metric === 'water_level' && floodAlarms) {
    const values = [floodAlarms.level1, floodAlarms.level2, floodAlarms.level3];
    const colors = [
      WATER_LEVEL_BAND_COLORS.alarm_1,
      WATER_LEVEL_BAND_COLORS.alarm_2,
      WATER_LEVEL_BAND_COLORS.alarm_3,
    ];
    return {
      levels: values.map((value, i) => ({
        value,
        label: { vi: `Báo động ${ROMAN[i]}`, en: `Alarm level ${ROMAN[i]}` },
        color: colors[i],
      })),
      bands: [],
    };
  }
  const pollutant = AQI_POLLUTANT[metric];
  return { levels: [], bands: pollutant ? vnAqiConcentrationBands(pollutant) : [] };
}
