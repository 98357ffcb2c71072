import type { TimedMessage } from './frigate.encoder';

/** A citizen report as the hotline app / Zalo bot publishes it on `ioc/reports`. */
export interface CitizenReport {
  id: string;
  timeMs: number;
  text: string;
  /** One of our incident categories (fire, flood, …). */
  category: string;
  lat: number;
  lon: number;
  contact?: string;
  photoUrl?: string;
}

/** `ioc/reports` payload: the report with its time in UTC ISO 8601. */
export function citizenReportMessage(r: CitizenReport): TimedMessage {
  const body: Record<string, unknown> = {
    id: r.id,
    time: new Date(r.timeMs).toISOString(),
    text: r.text,
    category: r.category,
    lat: r.lat,
    lon: r.lon,
  };
  if (r.contact) body['contact'] = r.contact;
  if (r.photoUrl) body['photoUrl'] = r.photoUrl;
  return { timeMs: r.timeMs, topic: 'ioc/reports', payload: Buffer.from(JSON.stringify(body)) };
}
