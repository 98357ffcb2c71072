import { displayText, displayUnit, displayValue } from './metric-display';

const m = (value: number | null, unit: string | null = null) => ({
  value,
  unit,
  time: '2025-01-01T00:00:00Z',
});

describe('displayValue', () => {
  it('formats by metric precision and language', () => {
    expect(displayValue('pm25', m(23.456, 'ug/m3'), 'vi')).toEqual({
      type: 'number',
      text: '23,5',
      unit: 'µg/m³',
    });
    expect(displayValue('pm25', m(23.456, 'µg/m³'), 'en')).toEqual({
      type: 'number',
      text: '23.5',
      unit: 'µg/m³',
    });
    expect(displayValue('water_level', m(1.2, 'm'), 'vi')).toEqual({
      type: 'number',
      text: '1,20',
      unit: 'm',
    });
    expect(displayValue('temperature', m(29.04, 'Cel'), 'en')).toEqual({
      type: 'number',
      text: '29.0',
      unit: '°C',
    });
    expect(displayValue('odd', m(1), 'en')).toEqual({ type: 'number', text: '1.00', unit: '' });
    // a feed that sends no unit (TTN decoders): the metric's own
    expect(displayValue('pm25', m(281.6), 'vi')).toEqual({ type: 'number', text: '281,6', unit: 'µg/m³' });
    expect(displayValue('battery', m(87, '%EL'), 'vi')).toEqual({ type: 'number', text: '87', unit: '%' });
  });

  it('turns flag metrics into on/off', () => {
    expect(displayValue('water_leak', m(1), 'vi')).toEqual({ type: 'flag', on: true });
    expect(displayValue('water_leak', m(0), 'vi')).toEqual({ type: 'flag', on: false });
  });

  it('gives nothing without a value', () => {
    expect(displayValue('pm25', undefined, 'vi')).toBeNull();
    expect(displayValue('pm25', m(null), 'vi')).toBeNull();
  });
});

describe('displayUnit', () => {
  it('maps feed unit codes and keeps unknown units', () => {
    expect(displayUnit('%RH')).toBe('%');
    expect(displayUnit('mm/h')).toBe('mm/h');
    expect(displayUnit(null)).toBe('');
  });
});

describe('displayText', () => {
  it('joins value and unit, and words a flag', () => {
    expect(displayText('water_level', m(1.25, 'm'), 'vi', String)).toBe('1,25 m');
    expect(displayText('water_level', m(1.25, 'm'), 'en', String)).toBe('1.25 m');
    expect(displayText('water_leak', m(1), 'vi', (on) => (on ? 'Có nước' : 'Khô'))).toBe('Có nước');
    expect(displayText('pm25', undefined, 'vi', String)).toBe('');
  });
});
