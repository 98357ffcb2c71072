import { formatNumber, renderTemplate, templateFields } from './text-template';

describe('renderTemplate', () => {
  it('fills named placeholders and formats numbers', () => {
    expect(
      renderTemplate('PM2.5 {value} {unit} tại {deviceName}', {
        value: 152.4567,
        unit: 'µg/m³',
        deviceName: 'Trạm Chợ Phan Thiết',
      }),
    ).toBe('PM2.5 152.46 µg/m³ tại Trạm Chợ Phan Thiết');
  });

  it('leaves unknown or missing placeholders as written', () => {
    expect(renderTemplate('{a} {b} {c}', { a: 1, b: null })).toBe('1 {b} {c}');
    expect(renderTemplate('{ not a field } {1x}', {})).toBe('{ not a field } {1x}');
  });

  it('lists the fields a template uses', () => {
    expect(templateFields('{value} {unit} {value} {device_name}')).toEqual(['value', 'unit', 'device_name']);
    expect(templateFields('plain')).toEqual([]);
  });

  it('formats numbers with at most two decimals', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(0.05)).toBe('0.05');
    expect(formatNumber(2.6049)).toBe('2.6');
    expect(formatNumber(-1.005)).toBe('-1');
  });
});

describe('renderTemplate in a language', () => {
  it('writes numbers with the language decimal sign', () => {
    expect(renderTemplate('NO2 {value}', { value: 281.6 }, 'vi')).toBe('NO2 281,6');
    expect(renderTemplate('NO2 {value}', { value: 281.6 }, 'en')).toBe('NO2 281.6');
    expect(renderTemplate('{value}', { value: 3 }, 'vi')).toBe('3');
  });
});
