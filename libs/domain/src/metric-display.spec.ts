import {
  displayUnit,
  formatDecimal,
  formatMetricValue,
  metricDigits,
  metricLabel,
  metricName,
} from './metric-display';

describe('displayUnit', () => {
  it('writes feed unit codes as people do', () => {
    expect(displayUnit('ug/m3')).toBe('µg/m³');
    expect(displayUnit('Cel')).toBe('°C');
    expect(displayUnit('%RH')).toBe('%');
    expect(displayUnit('%EL')).toBe('%');
    expect(displayUnit('GQ')).toBe('µg/m³');
    expect(displayUnit('2N')).toBe('dB');
  });

  it('keeps units already written and falls back on the metric usual unit', () => {
    expect(displayUnit('mm/h')).toBe('mm/h');
    expect(displayUnit('m', 'water_level')).toBe('m');
    expect(displayUnit(null, 'pm25')).toBe('µg/m³');
    expect(displayUnit(null, 'battery')).toBe('%');
    expect(displayUnit(null, 'mystery')).toBe('');
    expect(displayUnit(null)).toBe('');
  });
});

describe('metric names', () => {
  it('translates known metrics and makes unknown codes readable', () => {
    expect(metricName('battery', 'vi')).toBe('pin');
    expect(metricName('temperature', 'vi')).toBe('nhiệt độ');
    expect(metricName('water_level', 'vi')).toBe('mực nước');
    expect(metricName('water_level', 'en')).toBe('water level');
    expect(metricLabel('water_level', 'vi')).toBe('Mực nước');
    expect(metricLabel('no2', 'en')).toBe('NO₂');
    expect(metricName('soil_moisture', 'en')).toBe('soil moisture');
  });
});

describe('formatDecimal / formatMetricValue', () => {
  it('uses the language decimal sign and grouping', () => {
    expect(formatDecimal(281.6, 'vi', 1)).toBe('281,6');
    expect(formatDecimal(281.6, 'en', 1)).toBe('281.6');
    expect(formatDecimal(12345.6, 'vi', 1)).toBe('12.345,6');
    expect(formatDecimal(12345.6, 'en', 1)).toBe('12,345.6');
    expect(formatDecimal(2, 'vi', 2, 0)).toBe('2');
    expect(formatDecimal(-0, 'en', 1)).toBe('0.0');
  });

  it('gives each metric its decimals and unit', () => {
    expect(metricDigits('water_level')).toBe(2);
    expect(formatMetricValue('water_level', 1.2, 'm', 'vi')).toEqual({ text: '1,20', unit: 'm' });
    expect(formatMetricValue('pm25', 23.456, 'ug/m3', 'en')).toEqual({ text: '23.5', unit: 'µg/m³' });
    expect(formatMetricValue('temperature', 29.04, 'Cel', 'vi')).toEqual({ text: '29,0', unit: '°C' });
  });
});
