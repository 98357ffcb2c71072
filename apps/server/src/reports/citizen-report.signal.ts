import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import type { StoredSignal } from '../ingest/signals.repository';

/** What a citizen report says, however it came in (console REST, public page). */
export interface CitizenReportFacts {
  id: string;
  category: IncidentCategory;
  description: string;
  lat: number;
  lon: number;
  contact: string | null;
  photoUrl: string | null;
  raw: Record<string, unknown>;
}

/** The signal a citizen report becomes: the same row as an `ioc/reports` message, so the same rules apply. */
export function citizenReportSignal(r: CitizenReportFacts, now: string): StoredSignal {
  return {
    kind: 'citizen_report',
    sourceId: `report:${r.id}`,
    time: now,
    category: r.category,
    subCategory: null,
    severity: 'Unknown',
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    contact: r.contact,
    photoUrl: r.photoUrl,
    raw: r.raw,
    source: 'citizen',
    receivedAt: now,
  };
}
