import { nextUnitProgress, unitProgress } from './unit-progress.transition';

describe('unit progress', () => {
  it('moves the incident with the first unit en route and on scene', () => {
    expect(unitProgress('dispatched', 'dispatched', 'en_route')).toEqual({
      ok: true,
      incidentCommand: 'en_route',
      incidentTo: 'en_route',
    });
    expect(unitProgress('en_route', 'en_route', 'on_scene')).toEqual({
      ok: true,
      incidentCommand: 'on_scene',
      incidentTo: 'on_scene',
    });
    // straight to the scene
    expect(unitProgress('dispatched', 'dispatched', 'on_scene')).toMatchObject({
      incidentCommand: 'on_scene',
    });
  });

  it('moves only the unit when the incident is already that far', () => {
    expect(unitProgress('on_scene', 'dispatched', 'en_route')).toEqual({
      ok: true,
      incidentCommand: null,
      incidentTo: 'on_scene',
    });
    expect(unitProgress('en_route', 'dispatched', 'en_route')).toMatchObject({
      ok: true,
      incidentCommand: null,
    });
  });

  it('refuses backwards reports, idle units and ended incidents', () => {
    expect(unitProgress('on_scene', 'on_scene', 'en_route')).toMatchObject({
      ok: false,
      allowedUnitStatuses: [],
    });
    expect(unitProgress('en_route', 'en_route', 'en_route')).toMatchObject({
      ok: false,
      allowedUnitStatuses: ['on_scene'],
    });
    expect(unitProgress('dispatched', 'available', 'en_route')).toMatchObject({ ok: false });
    expect(unitProgress('resolved', 'dispatched', 'en_route')).toMatchObject({ ok: false });
    expect(nextUnitProgress('dispatched')).toEqual(['en_route', 'on_scene']);
    expect(nextUnitProgress('off_duty')).toEqual([]);
  });
});
