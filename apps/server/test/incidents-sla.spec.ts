import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClockService } from '../src/incidents/clock.service';
import { IncidentsService } from '../src/incidents/incidents.service';
import { SlaService } from '../src/incidents/sla.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let op: ApiClient;
let clock: ClockService;

// Targets of this test's own config (INCIDENTS_CONFIG_FILE); the periodic check is pushed out of the way.
const config = `
sla:
  checkIntervalS: 3600
  bySeverity:
    Severe: { ackS: 120, dispatchS: 300, resolveS: 3600 }
  byCategory:
    flood:
      Severe: { ackS: 60 }
`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-sla-'));
  writeFileSync(join(dir, 'incidents.yaml'), config);
  server = await startTestServer({ IOC_ROLES: 'api', INCIDENTS_CONFIG_FILE: join(dir, 'incidents.yaml') });
  op = await server.as('operator');
  clock = server.app.get(ClockService);
});

afterAll(async () => {
  jest.restoreAllMocks();
  await server?.close();
});

const escalations = (id: string) =>
  sql<{ actor: string; data: { stage: string }; time: Date }>(
    server.databaseUrl,
    `SELECT actor, data, time FROM incident_events WHERE incident_id = $1 AND action = 'escalate' ORDER BY id`,
    [id],
  );

describe('SLA escalation with a controlled clock', () => {
  it('escalates each overdue stage exactly once, flags the incident and emits a live event', async () => {
    const t0 = Date.parse('2025-06-01T01:00:00Z');
    const now = jest.spyOn(clock, 'now').mockReturnValue(t0);
    const { incidentId: id } = await server.app.get(IncidentsService).raise(proposal({ severity: 'Severe' }));
    const sla = server.app.get(SlaService);

    expect(await sla.check(t0 + 119_000)).toEqual([]);
    expect(await sla.check(t0 + 121_000)).toEqual([{ incidentId: id, stage: 'ack' }]);
    // however often it runs, the same stage does not escalate again
    expect(await sla.check(t0 + 122_000)).toEqual([]);
    expect(await sla.check(t0 + 200_000)).toEqual([]);
    let rows = await escalations(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'system', data: { stage: 'ack' } });
    expect(rows[0].time.toISOString()).toBe(new Date(t0 + 121_000).toISOString());

    now.mockReturnValue(t0 + 130_000);
    const detail = (await op.get(`/api/incidents/${id}`)).body;
    expect(detail.overdue).toBe(true);
    expect(detail.sla.stages.ack).toMatchObject({ state: 'overdue', escalated: true });

    // acknowledging late does not clear the flag; dispatch escalates at its own target
    now.mockReturnValue(t0 + 250_000);
    expect((await op.post(`/api/incidents/${id}/ack`, {})).status).toBe(200);
    // the SLA check without an argument reads the (spied) clock
    now.mockReturnValue(t0 + 301_000);
    expect(await sla.check()).toEqual([{ incidentId: id, stage: 'dispatch' }]);
    expect(await sla.check(t0 + 302_000)).toEqual([]);
    rows = await escalations(id);
    expect(rows.map((r) => r.data.stage)).toEqual(['ack', 'dispatch']);
    const after = (await op.get(`/api/incidents/${id}`)).body;
    expect(after.overdue).toBe(true);
    expect(after.sla.stages.ack.state).toBe('breached');

    const live = await sql<{ op: string; payload: { overdue: boolean } }>(
      server.databaseUrl,
      `SELECT op, payload FROM live_events WHERE kind = 'incident' AND entity_id = $1 AND op = 'escalate'`,
      [id],
    );
    expect(live).toHaveLength(2);
    expect(live.every((l) => l.payload.overdue)).toBe(true);

    // resolved incidents stop escalating
    await op.post(`/api/incidents/${id}/resolve`, { note: 'ok' });
    expect(await sla.check(t0 + 10 * 3600_000)).toEqual([]);
  });

  it('uses the category override from the config file', async () => {
    const t0 = Date.parse('2025-06-02T01:00:00Z');
    jest.spyOn(clock, 'now').mockReturnValue(t0);
    const sla = server.app.get(SlaService);
    const { incidentId: id } = await server.app
      .get(IncidentsService)
      .raise(proposal({ category: 'flood', severity: 'Severe', lat: 10.95, lon: 108.05 }));
    const mine = async (at: number) => (await sla.check(at)).filter((e) => e.incidentId === id);
    expect(await mine(t0 + 59_000)).toEqual([]);
    expect(await mine(t0 + 61_000)).toEqual([{ incidentId: id, stage: 'ack' }]);
    expect(await mine(t0 + 61_000)).toEqual([]);
  });
});
