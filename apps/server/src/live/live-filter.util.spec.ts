import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import { inBbox, liveFilter, matchesEvent } from './live-filter.util';

const incident = (lat: number | null, lon: number | null) =>
  ({
    seq: 1,
    time: '2025-01-01T00:00:00.000Z',
    kind: 'incident',
    entityId: 'INC-1',
    op: 'open',
    payload: { id: 'INC-1', lat, lon },
  }) as unknown as LiveEvent;
const camera = (cam: string) =>
  ({
    seq: 2,
    time: '2025-01-01T00:00:00.000Z',
    kind: 'camera_event',
    entityId: 'e1',
    op: 'new',
    payload: { id: 'e1', camera: cam },
  }) as unknown as LiveEvent;
const unit = {
  seq: 3,
  time: '2025-01-01T00:00:00.000Z',
  kind: 'unit',
  entityId: 'u1',
  op: 'status',
  payload: { id: 'u1' },
} as unknown as LiveEvent;

const cams = new Map([
  ['cam-in', { lat: 10.93, lon: 108.1 }],
  ['cam-out', { lat: 11.5, lon: 108.1 }],
]);
const locate = (id: string) => cams.get(id);

describe('live filter', () => {
  it('keys equal filters equally whatever the layer order', () => {
    expect(liveFilter({ layers: ['units', 'incidents'] }).key).toBe(
      liveFilter({ layers: ['incidents', 'units'] }).key,
    );
    expect(liveFilter({ layers: ['incidents'], bbox: [108, 10.9, 108.2, 11] }).key).not.toBe(
      liveFilter({ layers: ['incidents'] }).key,
    );
  });

  it('passes only the subscribed layers', () => {
    const f = liveFilter({ layers: ['incidents'] });
    expect(matchesEvent(f, incident(10.93, 108.1), locate)).toBe(true);
    expect(matchesEvent(f, camera('cam-in'), locate)).toBe(false);
    expect(matchesEvent(f, unit, locate)).toBe(false);
  });

  it('places incidents by their position and camera events at their camera', () => {
    const f = liveFilter({ layers: ['incidents', 'cameras', 'units'], bbox: [108.0, 10.9, 108.2, 11.0] });
    expect(matchesEvent(f, incident(10.93, 108.1), locate)).toBe(true);
    expect(matchesEvent(f, incident(11.5, 108.1), locate)).toBe(false);
    expect(matchesEvent(f, incident(null, null), locate)).toBe(true);
    expect(matchesEvent(f, camera('cam-in'), locate)).toBe(true);
    expect(matchesEvent(f, camera('cam-out'), locate)).toBe(false);
    expect(matchesEvent(f, camera('cam-unknown'), locate)).toBe(true);
    expect(matchesEvent(f, unit, locate)).toBe(true);
  });

  it('bbox edges are inside', () => {
    expect(inBbox([0, 0, 1, 1], { lat: 1, lon: 0 })).toBe(true);
    expect(inBbox([0, 0, 1, 1], { lat: 1.0001, lon: 0 })).toBe(false);
  });
});
