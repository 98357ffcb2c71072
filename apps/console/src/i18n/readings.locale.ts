import { METRIC_NAMES, metricLabel } from '@ioc/domain/metric-display';

/** Metric labels from the one table in libs/domain (the server's incident titles use the same names). */
const labels = (lang: 'vi' | 'en') =>
  Object.fromEntries(Object.keys(METRIC_NAMES[lang]).map((m) => [m, metricLabel(m, lang)]));

/** Strings of readings and their charts, merged into the resources by i18n.setup. */
export const readingStrings = {
  vi: {
    metric: labels('vi'),
    reading: {
      unit: 'đơn vị: {{unit}}',
      guides: 'Mức tham chiếu',
    },
  },
  en: {
    metric: labels('en'),
    reading: {
      unit: 'unit: {{unit}}',
      guides: 'Reference levels',
    },
  },
};
