import { destinationPoint } from './geo';
import { avlProgress } from './unit-arrival.rule';

const scene = { lat: 10.9262, lon: 108.1003 };
const at = (metres: number, speedKmh: number | null) => ({
  ...destinationPoint(scene, 45, metres),
  speedKmh,
});

describe('avlProgress', () => {
  it('puts a dispatched or en-route unit on scene within the arrival radius, not beyond', () => {
    expect(avlProgress('dispatched', scene, at(79, 0))).toBe('on_scene');
    expect(avlProgress('en_route', scene, at(79, 30))).toBe('on_scene');
    expect(avlProgress('en_route', scene, at(81, 30))).toBeNull();
    expect(avlProgress('en_route', scene, at(150, 0), { arrivalRadiusM: 200 })).toBe('on_scene');
  });

  it('makes a dispatched unit en route once it moves faster than walking pace', () => {
    expect(avlProgress('dispatched', scene, at(2000, 35))).toBe('en_route');
    expect(avlProgress('dispatched', scene, at(2000, 5))).toBeNull();
    expect(avlProgress('dispatched', scene, at(2000, null))).toBeNull();
    expect(avlProgress('dispatched', scene, at(2000, 5), { movingKmh: 4 })).toBe('en_route');
  });

  it('says nothing for units not on their way', () => {
    for (const s of ['available', 'on_scene', 'off_duty'] as const)
      expect(avlProgress(s, scene, at(0, 40))).toBeNull();
  });
});
