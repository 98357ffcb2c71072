import type { City } from '@ioc/contracts/city.schema';
import { buildSensorRows } from './sensor-rows';

const city: City = {
  id: 'c',
  name: 'Phan Thiết',
  province: 'Bình Thuận',
  center: [10.93, 108.1],
  zoom: 13,
  wards: [
    { id: 'duc-nghia', name: 'Phường Đức Nghĩa' },
    { id: 'mui-ne', name: 'Phường Mũi Né' },
  ],
  sensors: [
    {
      id: 'aq-1',
      name: 'Trạm Chợ Phan Thiết',
      kind: 'air_quality',
      ward: 'duc-nghia',
      lat: 10.92,
      lon: 108.1,
      metrics: ['pm25', 'temperature'],
      expectedIntervalS: 60,
      format: 'senml',
    },
    {
      id: 'wl-1',
      name: 'Trạm đo mực nước cảng Mũi Né',
      kind: 'water_level',
      ward: 'mui-ne',
      lat: 10.95,
      lon: 108.28,
      metrics: ['water_level'],
      expectedIntervalS: 60,
      format: 'senml',
    },
  ],
  cameras: [],
  units: [],
  landmarks: [],
};

const states = new Map([
  [
    'aq-1',
    { deviceId: 'aq-1', metrics: { pm25: { value: 31.26, unit: 'ug/m3', time: '2025-03-01T03:04:05Z' } } },
  ],
]);

describe('buildSensorRows', () => {
  it('gives name, ward, main value with unit and local time per sensor', () => {
    const rows = buildSensorRows(city, states, '', 'vi');
    expect(rows.map((r) => r.id)).toEqual(['aq-1', 'wl-1']);
    expect(rows[0]).toMatchObject({
      name: 'Trạm Chợ Phan Thiết',
      wardName: 'Phường Đức Nghĩa',
      metric: 'pm25',
      value: { type: 'number', text: '31,3', unit: 'µg/m³' },
      time: '10:04:05',
      color: '#ffff00',
    });
    expect(rows[1]).toMatchObject({ metric: 'water_level', value: null, time: '', color: '#6b7280' });
  });

  it('searches names and wards without diacritics', () => {
    expect(buildSensorRows(city, states, 'phan thiet', 'en').map((r) => r.id)).toEqual(['aq-1']);
    expect(buildSensorRows(city, states, 'MUI NE', 'en').map((r) => r.id)).toEqual(['wl-1']);
    expect(buildSensorRows(city, states, 'duc nghia', 'en').map((r) => r.id)).toEqual(['aq-1']);
    expect(buildSensorRows(city, states, 'wl-1', 'en').map((r) => r.id)).toEqual(['wl-1']);
    expect(buildSensorRows(city, states, 'hue', 'en')).toEqual([]);
  });
});
