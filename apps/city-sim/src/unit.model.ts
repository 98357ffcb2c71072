import type { CityUnit } from '@ioc/contracts/city.schema';
import { hashKey, unitOf } from './keyed-noise.prng';
import type { UnitFix } from './owntracks.encoder';

const M_PER_DEG_LAT = 111_320;

/**
 * Where a unit is at `timeMs`. Police and traffic units patrol a seeded loop of 5 waypoints 0.4–1.5 km
 * around their base at 18–30 km/h (a closed polygon driven at constant speed, so positions are a pure
 * function of time); fire, ambulance, environment and utility units wait at their base, reporting
 * with GPS jitter. The simulator does not follow dispatches: it holds no operator credentials and stays
 * a deterministic function of (seed, time); the console shows dispatched units from the server's state.
 */
export function unitFix(unit: CityUnit, seed: number, timeMs: number): UnitFix {
  const h = (...k: (string | number)[]) => unitOf(hashKey(seed, unit.id, ...k));
  const battery = 40 + 55 * Math.abs(Math.sin(timeMs / 36e6 + 6 * h('batt')));
  const patrols = unit.type === 'police' || unit.type === 'traffic';
  const kLon = M_PER_DEG_LAT * Math.cos((unit.lat * Math.PI) / 180);
  if (!patrols) {
    const j = (k: string) => (unitOf(hashKey(seed, unit.id, k, Math.floor(timeMs / 1000))) - 0.5) * 6;
    return {
      timeMs,
      lat: unit.lat + j('y') / M_PER_DEG_LAT,
      lon: unit.lon + j('x') / kLon,
      speedKmh: 0,
      heading: 0,
      battery,
    };
  }
  const pts = Array.from({ length: 5 }, (_, i) => {
    const angle = (i / 5) * 2 * Math.PI + 0.9 * (h('a', i) - 0.5);
    const r = 400 + 1100 * h('r', i);
    return { x: r * Math.sin(angle), y: r * Math.cos(angle) };
  });
  pts.push(pts[0]);
  const seg = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
  const loop = seg.reduce((a, b) => a + b, 0);
  const speedKmh = 18 + 12 * h('speed');
  let d = ((((timeMs / 3_600_000) * speedKmh * 1000 + loop * h('start')) % loop) + loop) % loop;
  let i = 0;
  while (d > seg[i]) d -= seg[i++];
  const a = pts[i];
  const b = pts[i + 1];
  const f = seg[i] === 0 ? 0 : d / seg[i];
  const x = a.x + (b.x - a.x) * f;
  const y = a.y + (b.y - a.y) * f;
  const heading = ((Math.atan2(b.x - a.x, b.y - a.y) * 180) / Math.PI + 360) % 360;
  return { timeMs, lat: unit.lat + y / M_PER_DEG_LAT, lon: unit.lon + x / kLon, speedKmh, heading, battery };
}

/** Seconds between fixes: moving units report often (OwnTracks "move" mode), parked ones rarely. */
export function unitIntervalMs(unit: CityUnit): number {
  return unit.type === 'police' || unit.type === 'traffic' ? 30_000 : 300_000;
}
