import type { Incident } from '@ioc/contracts/incident.schema';
import { severityRank } from '@ioc/domain/incident-severity';
import { NON_TERMINAL_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import type { FeatureCollection, Point } from 'geojson';
import { SEVERITY_COLORS } from '../features/incidents/incident-queue';

export interface IncidentFeatureProps {
  id: string;
  color: string;
  rank: number;
  /** 1 while new or overdue: the halo layer pulses these. */
  pulse: number;
  selected: number;
}

const ON_MAP: ReadonlySet<string> = new Set(NON_TERMINAL_INCIDENT_STATUSES);

/** Active incidents with a position, as a small GeoJSON source of their own (apart from the 10k sensors). */
export function incidentFeatures(
  incidents: Iterable<Incident>,
  selectedId: string | null,
): FeatureCollection<Point, IncidentFeatureProps> {
  const features: FeatureCollection<Point, IncidentFeatureProps>['features'] = [];
  for (const i of incidents) {
    if (i.lat === null || i.lon === null || !ON_MAP.has(i.status)) continue;
    features.push({
      type: 'Feature',
      id: i.id,
      geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: {
        id: i.id,
        color: SEVERITY_COLORS[i.severity],
        rank: severityRank(i.severity),
        pulse: i.status === 'new' || i.overdue ? 1 : 0,
        selected: i.id === selectedId ? 1 : 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
