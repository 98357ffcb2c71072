import type { CitySensor } from '@ioc/contracts/city.schema';
import { senmlEncoder } from './senml.encoder';

const sensor: CitySensor = {
  id: 'pt-aq-01',
  name: 'Trạm quan trắc không khí Chợ Phan Thiết',
  kind: 'air_quality',
  ward: 'duc-nghia',
  lat: 10.9262,
  lon: 108.1003,
  metrics: ['pm25', 'temperature', 'humidity', 'water_leak', 'custom'],
  expectedIntervalS: 60,
  format: 'senml',
};

describe('senmlEncoder', () => {
  it('encodes one pack on ioc/senml/<device> with bn = device id, bt in epoch seconds and SenML units', () => {
    const msg = senmlEncoder(sensor, {
      timeMs: 1732262400123,
      values: [
        { metric: 'pm25', value: 23.4 },
        { metric: 'temperature', value: 28.15 },
        { metric: 'humidity', value: 77.5 },
        { metric: 'water_leak', value: 1 },
        { metric: 'custom', value: 5 },
      ],
    });
    expect(msg.topic).toBe('ioc/senml/pt-aq-01');
    expect(JSON.parse(msg.payload.toString('utf8'))).toEqual([
      { bn: 'pt-aq-01', bt: 1732262400.123, n: 'pm25', u: 'ug/m3', v: 23.4 },
      { n: 'temperature', u: 'Cel', v: 28.15 },
      { n: 'humidity', u: '%RH', v: 77.5 },
      { n: 'water_leak', vb: true },
      { n: 'custom', v: 5 },
    ]);
  });

  it('encodes water level in metres', () => {
    const msg = senmlEncoder(
      { ...sensor, id: 'pt-wl-04', metrics: ['water_level'] },
      { timeMs: 1_000, values: [{ metric: 'water_level', value: 1.234 }] },
    );
    expect(JSON.parse(msg.payload.toString())).toEqual([
      { bn: 'pt-wl-04', bt: 1, n: 'water_level', u: 'm', v: 1.234 },
    ]);
  });
});
