/**
 * How a measured value reads for an operator, in Vietnamese or English: unit codes of the feeds (SenML,
 * UN/CEFACT, Zigbee2MQTT) turned into the units people write, metric names translated, numbers in the
 * language's style ("281,6" / "281.6"). One table for the console and for the incident titles the server
 * generates, so a value reads the same wherever it is shown.
 */
export type DisplayLanguage = 'vi' | 'en';

/** BCP 47 tags behind the two UI languages (en-GB: 24 h clock, day-first dates like the city format). */
export const NUMBER_LOCALES: Readonly<Record<DisplayLanguage, string>> = Object.freeze({
  vi: 'vi-VN',
  en: 'en-GB',
});

/** Feed unit codes → the unit as written. Codes not listed are shown as they came. */
const UNIT_TEXT: Readonly<Record<string, string>> = Object.freeze({
  'ug/m3': 'µg/m³',
  'µg/m3': 'µg/m³',
  'ug/m³': 'µg/m³',
  'mg/m3': 'mg/m³',
  Cel: '°C',
  degC: '°C',
  '%RH': '%',
  '%EL': '%',
  // UN/CEFACT common codes (FIWARE unitCode), should one arrive unmapped
  GQ: 'µg/m³',
  GP: 'mg/m³',
  CEL: '°C',
  P1: '%',
  MTR: 'm',
  MMT: 'mm',
  CMT: 'cm',
  '59': 'ppm',
  '61': 'ppb',
  '2N': 'dB',
  A97: 'hPa',
  MTS: 'm/s',
  KMH: 'km/h',
  lqi: 'LQI',
  dBA: 'dB(A)',
  'm3/s': 'm³/s',
  'm3/h': 'm³/h',
});

/** The unit a metric is measured in when its feed sends none (TTN decoders, Zigbee2MQTT states). */
const DEFAULT_UNIT: Readonly<Record<string, string>> = Object.freeze({
  pm25: 'µg/m³',
  pm10: 'µg/m³',
  no2: 'µg/m³',
  o3: 'µg/m³',
  so2: 'µg/m³',
  co: 'µg/m³',
  co2: 'ppm',
  voc: 'ppb',
  temperature: '°C',
  humidity: '%',
  battery: '%',
  water_level: 'm',
  rainfall: 'mm/h',
  wind_speed: 'm/s',
  pressure: 'hPa',
  noise: 'dB',
  illuminance: 'lx',
});

/** Decimals worth showing per metric; sensor noise below these is not information. */
const DIGITS: Readonly<Record<string, number>> = Object.freeze({
  pm25: 1,
  pm10: 1,
  no2: 1,
  o3: 1,
  so2: 1,
  co: 0,
  co2: 0,
  temperature: 1,
  humidity: 0,
  water_level: 2,
  rainfall: 1,
  wind_speed: 1,
  pressure: 0,
  battery: 0,
  noise: 0,
});

/** Pollutants are named by their formula in both languages (subscripts kept). */
const POLLUTANT_NAMES: Readonly<Record<string, string>> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  no2: 'NO₂',
  o3: 'O₃',
  co: 'CO',
  so2: 'SO₂',
  co2: 'CO₂',
  voc: 'VOC',
};

/** Metric names in both languages; chemical formulas keep their subscripts. */
export const METRIC_NAMES: Readonly<Record<DisplayLanguage, Readonly<Record<string, string>>>> =
  Object.freeze({
    vi: {
      ...POLLUTANT_NAMES,
      temperature: 'nhiệt độ',
      humidity: 'độ ẩm',
      pressure: 'áp suất',
      wind_speed: 'tốc độ gió',
      rainfall: 'lượng mưa',
      water_level: 'mực nước',
      water_leak: 'ngập nước',
      battery: 'pin',
      noise: 'tiếng ồn',
      illuminance: 'độ sáng',
      voltage: 'điện áp',
      linkquality: 'chất lượng sóng',
    },
    en: {
      ...POLLUTANT_NAMES,
      temperature: 'temperature',
      humidity: 'humidity',
      pressure: 'pressure',
      wind_speed: 'wind speed',
      rainfall: 'rainfall',
      water_level: 'water level',
      water_leak: 'water leak',
      battery: 'battery',
      noise: 'noise',
      illuminance: 'illuminance',
      voltage: 'voltage',
      linkquality: 'link quality',
    },
  });

/** A metric's name in the language, first letter as written there; unknown codes lose their underscores. */
export function metricName(metric: string, lang: DisplayLanguage): string {
  return METRIC_NAMES[lang][metric] ?? metric.replace(/_/g, ' ');
}

/** The same, capitalised for a label or a table cell ("Nhiệt độ", "Water level"). */
export function metricLabel(metric: string, lang: DisplayLanguage): string {
  const n = metricName(metric, lang);
  return n.charAt(0).toLocaleUpperCase(NUMBER_LOCALES[lang]) + n.slice(1);
}

/** The unit as written: the feed's code mapped, or the metric's usual unit when the feed sent none. */
export function displayUnit(unit: string | null | undefined, metric?: string): string {
  if (unit) return UNIT_TEXT[unit] ?? unit;
  return metric ? (DEFAULT_UNIT[metric] ?? '') : '';
}

/** Decimals shown for a metric's values (2 for one we know nothing about). */
export function metricDigits(metric: string): number {
  return DIGITS[metric] ?? 2;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number in the language's style with between `minDigits` and `maxDigits` decimals
 * (vi: "1.234,5", en: "1,234.5"). Formatters are cached: lists format on every live delta.
 */
export function formatDecimal(
  value: number,
  lang: DisplayLanguage,
  maxDigits: number,
  minDigits: number = maxDigits,
): string {
  if (!Number.isFinite(value)) return String(value);
  const key = `${lang}:${minDigits}:${maxDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(NUMBER_LOCALES[lang], {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    formats.set(key, f);
  }
  // -0 would print as "-0"
  return f.format(value === 0 ? 0 : value);
}

/** A metric's value with its usual decimals, and its unit: "281,6" + "µg/m³". */
export function formatMetricValue(
  metric: string,
  value: number,
  unit: string | null | undefined,
  lang: DisplayLanguage,
): { text: string; unit: string } {
  return { text: formatDecimal(value, lang, metricDigits(metric)), unit: displayUnit(unit, metric) };
}
