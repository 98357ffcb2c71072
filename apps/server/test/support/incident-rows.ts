import { sql } from './test-db';

/** An `incidents` row as the rules tests read it (snake_case, straight from SQL). */
export interface IncidentRow {
  id: string;
  key: string;
  status: string;
  category: string;
  sub_category: string | null;
  severity: string;
  urgency: string;
  certainty: string;
  title: string;
  title_en: string;
  lat: number | null;
  lon: number | null;
  source: string;
  evidence_count: number;
}

export interface EvidenceRow {
  kind: string;
  ref: string;
  matched_by: string;
  data: Record<string, unknown>;
}

/** Queries over one server's database: the incidents opened for a key, and an incident's evidence. */
export function incidentRows(databaseUrl: () => string) {
  return {
    incidents: (key: string) =>
      sql<IncidentRow>(
        databaseUrl(),
        `SELECT id, key, status, category, sub_category, severity, urgency, certainty, title, title_en, lat, lon,
                source, evidence_count
           FROM incidents WHERE key = $1 ORDER BY opened_at`,
        [key],
      ),
    evidence: (incidentId: string) =>
      sql<EvidenceRow>(
        databaseUrl(),
        'SELECT kind, ref, matched_by, data FROM incident_evidence WHERE incident_id = $1 ORDER BY time, id',
        [incidentId],
      ),
  };
}
