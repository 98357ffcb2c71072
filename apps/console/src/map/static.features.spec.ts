import type { City } from '@ioc/contracts/city.schema';
import { cameraFeatures, unitFeatures } from './static.features';

const city = {
  cameras: [
    {
      id: 'cam',
      name: 'Camera',
      ward: 'w',
      lat: 10.9,
      lon: 108.1,
      bearing: 0,
      fov: 60,
      range: 100,
      frigateName: 'cam',
    },
  ],
  units: [{ id: 'u1', name: 'Unit', type: 'fire', baseName: 'B', lat: 10.8, lon: 108.2, tracker: 'unit/u1' }],
} as unknown as City;

describe('static features', () => {
  it('turns cameras and units into [lon, lat] points', () => {
    expect(cameraFeatures(city).features[0]).toMatchObject({
      id: 'cam',
      geometry: { coordinates: [108.1, 10.9] },
    });
    expect(unitFeatures(city).features[0]).toMatchObject({
      id: 'u1',
      geometry: { coordinates: [108.2, 10.8] },
      properties: { type: 'fire' },
    });
  });
});
