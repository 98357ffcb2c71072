import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real feed payloads for rules tests, built from the published examples in libs/feeds/fixtures with
 * only ids, cameras, times and values changed.
 */
const FIXTURES = join(__dirname, '../../../../libs/feeds/fixtures');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** SenML pack (RFC 8428) of one device: one record per [metric, unit, value, epoch ms]. */
export function senml(
  deviceId: string,
  records: [metric: string, unit: string, value: number, timeMs: number][],
): string {
  return JSON.stringify(
    records.map(([n, u, v, t], i) => ({ ...(i === 0 ? { bn: `${deviceId}:` } : {}), n, u, v, t: t / 1000 })),
  );
}

export interface FrigateEventOptions {
  id: string;
  camera: string;
  label: string;
  type?: 'new' | 'update' | 'end';
  startMs: number;
  score?: number;
  topScore?: number;
  zones?: string[];
  plate?: string | null;
  falsePositive?: boolean;
}

/** A `frigate/events` message (the Frigate docs' example) for our camera, object and time. */
export function frigateEvent(o: FrigateEventOptions): string {
  const m = fixture('frigate-events.json');
  m.type = o.type ?? 'update';
  for (const s of [m.before, m.after])
    Object.assign(s, {
      id: o.id,
      camera: o.camera,
      label: o.label,
      sub_label: null,
      start_time: o.startMs / 1000,
      frame_time: o.startMs / 1000 + 2,
      score: o.score ?? 0.9,
      top_score: o.topScore ?? o.score ?? 0.9,
      current_zones: o.zones ?? [],
      entered_zones: o.zones ?? [],
      recognized_license_plate: o.plate ?? null,
      false_positive: o.falsePositive ?? false,
    });
  return JSON.stringify(m);
}

/** A FIWARE Alert in keyValues (the smart data model example) with our id, place, time and class. */
export function fiwareAlert(o: {
  id: string;
  category: string;
  subCategory?: string;
  severity?: string;
  lat: number;
  lon: number;
  time: string;
  description?: string;
}): string {
  const m = fixture('fiware-Alert.keyvalues.jsonld');
  Object.assign(m, {
    id: o.id,
    category: o.category,
    subCategory: o.subCategory,
    severity: o.severity ?? m.severity,
    location: { type: 'Point', coordinates: [o.lon, o.lat] },
    dateIssued: o.time,
    validFrom: o.time,
    validTo: new Date(Date.parse(o.time) + 3600_000).toISOString(),
    description: o.description ?? m.description,
  });
  return JSON.stringify(m);
}

/** Last UTC instant at the given local (UTC+7) hour and minute, at least `minAgoMs` in the past. */
export function lastLocalTime(hour: number, minute: number, now = Date.now(), minAgoMs = 60_000): number {
  const d = new Date(now);
  d.setUTCHours((hour - 7 + 24) % 24, minute, 0, 0);
  let t = d.getTime();
  while (t > now - minAgoMs) t -= 24 * 3600_000;
  while (t + 24 * 3600_000 <= now - minAgoMs) t += 24 * 3600_000;
  return t;
}
