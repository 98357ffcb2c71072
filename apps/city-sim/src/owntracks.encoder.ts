import type { CityUnit } from '@ioc/contracts/city.schema';
import type { TimedMessage } from './frigate.encoder';

/** One fix of a unit's phone or vehicle tracker. */
export interface UnitFix {
  timeMs: number;
  lat: number;
  lon: number;
  /** km/h, as OwnTracks reports `vel`. */
  speedKmh: number;
  /** Course over ground, degrees from north. */
  heading: number;
  battery: number;
}

/**
 * An OwnTracks `location` message on `owntracks/<tracker>` (the unit's `tracker` in city.json is
 * `<user>/<device>`), with the fields the Android/iOS app sends: tid, tst (epoch s), acc, vel, cog, batt.
 */
export function owntracksMessage(unit: CityUnit, fix: UnitFix): TimedMessage {
  const body = {
    _type: 'location',
    tid: unit.id
      .replace(/[^a-z0-9]/gi, '')
      .slice(-2)
      .toUpperCase(),
    lat: Math.round(fix.lat * 1e6) / 1e6,
    lon: Math.round(fix.lon * 1e6) / 1e6,
    tst: Math.floor(fix.timeMs / 1000),
    acc: 8,
    alt: 6,
    vel: Math.round(fix.speedKmh),
    cog: Math.round(fix.heading) % 360,
    batt: Math.round(fix.battery),
    conn: 'm',
    t: 'p',
  };
  return {
    timeMs: fix.timeMs,
    topic: `owntracks/${unit.tracker}`,
    payload: Buffer.from(JSON.stringify(body)),
  };
}
