import type { City } from '@ioc/contracts/city.schema';
import { cameraConeFeatures } from './camera.features';
import { cameraFeatures } from './static.features';
import { unitFeatures } from './unit.features';

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
  });

  it('draws units with a fix, coloured by status', () => {
    const fc = unitFeatures([
      {
        id: 'u1',
        name: 'U',
        type: 'fire',
        status: 'on_scene',
        lat: 10.8,
        lon: 108.2,
        positionTime: null,
        incidentId: 'i',
      },
      {
        id: 'u2',
        name: 'V',
        type: 'fire',
        status: 'available',
        lat: null,
        lon: null,
        positionTime: null,
        incidentId: null,
      },
    ]);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]).toMatchObject({
      geometry: { coordinates: [108.2, 10.8] },
      properties: {
        id: 'u1',
        type: 'fire',
        status: 'on_scene',
        color: '#ef4444',
        icon: 'unit-fire-on_scene',
      },
    });
  });

  it('draws a closed field-of-view sector starting at the camera', () => {
    const [cone] = cameraConeFeatures(city).features;
    const ring = cone!.geometry.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBeGreaterThan(5);
  });
});
