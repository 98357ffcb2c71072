import { destinationPoint } from '@ioc/domain/geo';
import type { IncidentProposal } from '../src/incidents/incident-proposal.types';
import { IncidentsService } from '../src/incidents/incidents.service';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let incidents: IncidentsService;

beforeAll(async () => {
  server = await startTestServer({ IOC_ROLES: 'api' });
  incidents = server.app.get(IncidentsService);
});

afterAll(async () => {
  await server?.close();
});

// the Cà Ty water-level gauge at Chợ Phan Thiết (city.json pt-wl-05), ward Đức Thắng
const origin = { lat: 10.9262, lon: 108.1016 };
const t0 = Date.parse('2025-03-01T07:00:00Z');
let n = 0;

function proposal(over: Partial<IncidentProposal> & { at?: { lat: number; lon: number }; minutes?: number }) {
  const at = over.at ?? origin;
  n++;
  const p: IncidentProposal = {
    key: `test:${n}`,
    ruleId: 'test-rule',
    category: 'fire',
    severity: 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    title: { vi: 'Cháy tại chợ Phan Thiết', en: 'Fire at Phan Thiet market' },
    description: 'Khói và lửa',
    lat: at.lat,
    lon: at.lon,
    time: new Date(t0 + (over.minutes ?? 0) * 60_000).toISOString(),
    evidence: { kind: 'reading', ref: `ref-${n}`, data: { n } },
    ...over,
  };
  delete (p as { at?: unknown }).at;
  delete (p as { minutes?: unknown }).minutes;
  return p;
}

describe('raising incidents', () => {
  it('correlates a sensor breach, a camera detection and a citizen report within 200 m / 10 min into one incident', async () => {
    const sensor = await incidents.raise(
      proposal({
        key: 'threshold:smoke:aq-x',
        ruleId: 'smoke',
        evidence: { kind: 'reading', ref: 'aq-x/pm25/1', data: {} },
      }),
    );
    expect(sensor).toMatchObject({ created: true, attached: false });
    expect(sensor.incidentId).toMatch(/^INC-\d{8}-\d{4}$/);

    const camera = await incidents.raise(
      proposal({
        key: 'camera:fire:cam-07',
        ruleId: 'camera-fire',
        severity: 'Severe',
        at: destinationPoint(origin, 90, 120),
        minutes: 4,
        evidence: { kind: 'camera_event', ref: '1740812400.1-abc', data: { label: 'fire' } },
      }),
    );
    expect(camera).toEqual({ incidentId: sensor.incidentId, created: false, attached: true });

    const report = await incidents.raise(
      proposal({
        key: 'citizen:r-1',
        ruleId: 'citizen-report',
        severity: 'Minor',
        at: destinationPoint(origin, 200, 190),
        minutes: 9,
        evidence: { kind: 'citizen_report', ref: 'r-1', data: { text: 'cháy' } },
      }),
    );
    expect(report.incidentId).toBe(sensor.incidentId);

    const ev = await sql<{ kind: string; matched_by: string }>(
      server.databaseUrl,
      'SELECT kind, matched_by FROM incident_evidence WHERE incident_id = $1 ORDER BY time',
      [sensor.incidentId],
    );
    expect(ev).toEqual([
      { kind: 'reading', matched_by: 'opened' },
      { kind: 'camera_event', matched_by: 'correlated' },
      { kind: 'citizen_report', matched_by: 'correlated' },
    ]);
    const inc = await incidents.get(sensor.incidentId);
    // the camera's Severe raised it; the Minor report did not lower it
    expect(inc).toMatchObject({ severity: 'Severe', evidenceCount: 3, ward: 'duc-thang', status: 'new' });
    const audit = await sql<{ action: string; actor: string; data: { severityTo?: string } }>(
      server.databaseUrl,
      'SELECT action, actor, data FROM incident_events WHERE incident_id = $1 ORDER BY id',
      [sensor.incidentId],
    );
    expect(audit.map((a) => a.action)).toEqual(['open', 'attach_evidence', 'attach_evidence']);
    expect(audit.every((a) => a.actor === 'system')).toBe(true);
    expect(audit[1].data.severityTo).toBe('Severe');

    // 4th signal 500 m away → a new incident
    const far = await incidents.raise(proposal({ at: destinationPoint(origin, 0, 500), minutes: 5 }));
    expect(far.created).toBe(true);
    // incompatible category at the same place → a new incident
    const flood = await incidents.raise(proposal({ category: 'flood', minutes: 5 }));
    expect(flood.created).toBe(true);
    // compatible but out of the time window (20 min after the last signal) → a new incident
    const late = await incidents.raise(proposal({ minutes: 30 }));
    expect(late.created).toBe(true);
  });

  it('attaches by key, once per signal, and opens one incident per key even under concurrent raises', async () => {
    const key = 'threshold:pm25-high:aq-concurrent';
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        incidents.raise(
          proposal({
            key,
            category: 'air_quality',
            lat: null,
            lon: null,
            ward: 'phu-thuy',
            evidence: { kind: 'aqi', ref: `aq-c/${i}`, data: {} },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(1);
    // the same signal again changes nothing
    const again = await incidents.raise(
      proposal({
        key,
        category: 'air_quality',
        lat: null,
        lon: null,
        evidence: { kind: 'aqi', ref: 'aq-c/0', data: {} },
      }),
    );
    expect(again).toEqual({ incidentId: results[0].incidentId, created: false, attached: true });
    const inc = await incidents.get(results[0].incidentId);
    expect(inc?.evidenceCount).toBe(6);
    expect(inc?.ward).toBe('phu-thuy');
  });

  it('refuses an invalid proposal without writing anything', async () => {
    const bad = proposal({ severity: 'Catastrophic' as never });
    await expect(incidents.raise(bad)).rejects.toThrow(/severity/);
  });

  it('appends a live event with each change, seq strictly increasing', async () => {
    const rows = await sql<{ seq: string; kind: string; op: string; entity_id: string }>(
      server.databaseUrl,
      'SELECT seq, kind, op, entity_id FROM live_events ORDER BY seq',
    );
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    const incidentRows = rows.filter((r) => r.kind === 'incident');
    const audits = await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*) AS n FROM incident_events');
    // every audit row so far is a system change with its live event
    expect(incidentRows).toHaveLength(Number(audits[0].n));
  });
});
