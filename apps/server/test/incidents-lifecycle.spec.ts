import { allowedCommands } from '@ioc/domain/incident.state-machine';
import { IncidentsService } from '../src/incidents/incidents.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let incidents: IncidentsService;
let op: ApiClient;
let sup: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ IOC_ROLES: 'api' });
  incidents = server.app.get(IncidentsService);
  op = await server.as('operator');
  sup = await server.as('supervisor');
});

afterAll(async () => {
  await server?.close();
});

interface AuditRow {
  action: string;
  actor: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  time: Date;
}

const audit = (id: string) =>
  sql<AuditRow>(
    server.databaseUrl,
    'SELECT action, actor, from_status, to_status, note, data, time FROM incident_events WHERE incident_id = $1 ORDER BY id',
    [id],
  );

const unitRow = async (id: string) =>
  (
    await sql<{ status: string; incident_id: string | null }>(
      server.databaseUrl,
      'SELECT status, incident_id FROM units WHERE id = $1',
      [id],
    )
  )[0];

describe('incident lifecycle over REST', () => {
  it('runs new → closed with one audit row per action, each with the acting user', async () => {
    const { incidentId: id } = await incidents.raise(proposal());
    const operator = op.user!.username;
    const supervisor = sup.user!.username;
    const base = `/api/incidents/${id}`;

    const steps: [ApiClient, string, unknown, string, string][] = [
      // client, path, body, expected action, expected status after
      [op, '/ack', { note: 'đã nhận' }, 'ack', 'acknowledged'],
      [op, '/assign', { username: supervisor }, 'assign', 'acknowledged'],
      [op, '/comments', { text: 'Người dân báo có khói đen <b>dày</b>' }, 'comment', 'acknowledged'],
      [op, '/sop/verify', { ticked: true }, 'tick_sop', 'acknowledged'],
      [op, '/dispatch', { unitIds: ['fire-01', 'fire-02'] }, 'dispatch', 'dispatched'],
      [op, '/unit-status', { unitId: 'fire-01', status: 'en_route' }, 'en_route', 'en_route'],
      [op, '/unit-status', { unitId: 'fire-02', status: 'en_route' }, 'unit_status', 'en_route'],
      [op, '/unit-status', { unitId: 'fire-01', status: 'on_scene' }, 'on_scene', 'on_scene'],
      [op, '/resolve', { note: 'Đã dập tắt' }, 'resolve', 'resolved'],
      [sup, '/close', { note: 'Đã kiểm tra hiện trường' }, 'close', 'closed'],
    ];
    for (const [client, path, body, , status] of steps) {
      const r = await client.post(base + path, body);
      expect({ path, status: r.status }).toEqual({ path, status: path === '/comments' ? 201 : 200 });
      expect(r.body.status).toBe(status);
    }

    const rows = await audit(id);
    expect(rows.map((r) => r.action)).toEqual(['open', ...steps.map((s) => s[3])]);
    expect(rows[0].actor).toBe('system');
    steps.forEach(([client], i) => expect(rows[i + 1].actor).toBe(client.user!.username));
    expect(rows.slice(1).every((r) => r.time instanceof Date)).toBe(true);
    // from → to per row, chained
    let prev = 'new';
    rows.slice(1).forEach((r, i) => {
      expect(r.from_status).toBe(prev);
      expect(r.to_status).toBe(steps[i][4]);
      prev = r.to_status!;
    });
    expect(rows.find((r) => r.action === 'ack')!.note).toBe('đã nhận');
    expect(rows.find((r) => r.action === 'comment')!.note).toBe('Người dân báo có khói đen <b>dày</b>');
    expect(rows.find((r) => r.action === 'dispatch')!.data).toEqual({ unitIds: ['fire-01', 'fire-02'] });
    expect(rows.find((r) => r.action === 'resolve')!.data).toEqual({ freedUnits: ['fire-01', 'fire-02'] });
    expect(rows.find((r) => r.action === 'tick_sop')!.data).toEqual({ itemId: 'verify', ticked: true });
    expect(rows.filter((r) => r.actor === operator)).toHaveLength(9);

    // resolving freed the units
    expect(await unitRow('fire-01')).toEqual({ status: 'available', incident_id: null });
    expect(await unitRow('fire-02')).toEqual({ status: 'available', incident_id: null });

    const detail = (await op.get(base)).body;
    expect(detail).toMatchObject({
      id,
      status: 'closed',
      assignee: supervisor,
      unitIds: ['fire-01', 'fire-02'],
      evidenceCount: 1,
      units: [],
      allowedCommands: ['comment'],
    });
    expect(detail.acknowledgedAt && detail.dispatchedAt && detail.resolvedAt && detail.closedAt).toBeTruthy();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(rows.map((r) => r.action));
    const verify = detail.sop.items.find((i: { id: string }) => i.id === 'verify');
    expect(verify).toMatchObject({ ticked: true, by: operator });
    expect(detail.sop.done).toBe(1);
    expect(detail.sla.stages.ack.state).toMatch(/met|breached/);
    expect(detail.evidence).toHaveLength(1);

    // the unit walked dispatched → en_route → on_scene → available, each a live event
    const unitEvents = await sql<{ payload: { status: string } }>(
      server.databaseUrl,
      `SELECT payload FROM live_events WHERE kind = 'unit' AND entity_id = 'fire-01' ORDER BY seq`,
    );
    expect(unitEvents.map((e) => e.payload.status)).toEqual([
      'dispatched',
      'en_route',
      'on_scene',
      'available',
    ]);
    const incidentEvents = await sql<{ op: string }>(
      server.databaseUrl,
      `SELECT op FROM live_events WHERE kind = 'incident' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(incidentEvents.map((e) => e.op)).toEqual(rows.map((r) => r.action));
  });

  it('answers an invalid transition with 409 listing the allowed commands, and writes nothing', async () => {
    const { incidentId: id } = await incidents.raise(proposal());
    const before = (await audit(id)).length;
    const r = await op.post(`/api/incidents/${id}/resolve`, { note: 'x' });
    expect(r.status).toBe(409);
    expect(r.body.status).toBe('new');
    expect(r.body.allowed).toEqual(allowedCommands('new'));
    expect(r.body.allowed).toEqual(['ack', 'cancel', 'comment', 'assign', 'tick_sop', 'retriage', 'merge']);
    expect((await op.post(`/api/incidents/${id}/ack`, {})).status).toBe(200);
    const again = await op.post(`/api/incidents/${id}/ack`, {});
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual(allowedCommands('acknowledged'));
    // a unit cannot report progress before it is dispatched to this incident
    const progress = await op.post(`/api/incidents/${id}/unit-status`, {
      unitId: 'police-01',
      status: 'en_route',
    });
    expect(progress.status).toBe(409);
    expect((await audit(id)).length).toBe(before + 1);
  });

  it('refuses dispatching busy units (409) and frees units on cancel; close/cancel need a supervisor', async () => {
    const a = (await incidents.raise(proposal({ category: 'security', lat: 10.94, lon: 108.104 })))
      .incidentId;
    const b = (await incidents.raise(proposal({ category: 'traffic', lat: 10.95, lon: 108.12 }))).incidentId;
    await op.post(`/api/incidents/${a}/ack`, {});
    await op.post(`/api/incidents/${b}/ack`, {});
    expect((await op.post(`/api/incidents/${a}/dispatch`, { unitIds: ['police-02'] })).status).toBe(200);
    const busy = await op.post(`/api/incidents/${b}/dispatch`, { unitIds: ['police-02', 'police-03'] });
    expect(busy.status).toBe(409);
    expect(busy.body.unavailable).toEqual([{ id: 'police-02', status: 'dispatched', incidentId: a }]);
    // nothing of the refused dispatch happened
    expect(await unitRow('police-03')).toEqual({ status: 'available', incident_id: null });
    // operators may not cancel
    expect((await op.post(`/api/incidents/${a}/cancel`, { reason: 'báo nhầm' })).status).toBe(403);
    const cancelled = await sup.post(`/api/incidents/${a}/cancel`, { reason: 'báo nhầm' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await unitRow('police-02')).toEqual({ status: 'available', incident_id: null });
    const last = (await audit(a)).at(-1)!;
    expect(last).toMatchObject({
      action: 'cancel',
      actor: sup.user!.username,
      note: 'báo nhầm',
      data: { freedUnits: ['police-02'] },
    });
    // now free again
    expect((await op.post(`/api/incidents/${b}/dispatch`, { unitIds: ['police-02'] })).status).toBe(200);
  });

  it('validates bodies with 400 naming the field', async () => {
    const { incidentId: id } = await incidents.raise(proposal());
    await op.post(`/api/incidents/${id}/ack`, {});
    const cases: [string, unknown, string][] = [
      ['/dispatch', { unitIds: [] }, 'unitIds'],
      ['/dispatch', { unitIds: ['no-such-unit'] }, 'unitIds'],
      ['/dispatch', { unitIds: 'fire-01' }, 'unitIds'],
      ['/assign', { username: 'nobody-here' }, 'username'],
      ['/assign', {}, 'username'],
      ['/resolve', {}, 'note'],
      ['/comments', { text: 'x'.repeat(4001) }, 'text'],
      ['/comments', { text: 'ok', extra: 1 }, 'extra'],
      ['/sop/not-an-item', { ticked: true }, 'itemId'],
      ['/sop/verify', { ticked: 'yes' }, 'ticked'],
      ['/unit-status', { unitId: 'fire-01', status: 'parked' }, 'status'],
    ];
    for (const [path, body, field] of cases) {
      const r = await op.post(`/api/incidents/${id}${path}`, body);
      expect({ path, status: r.status, field: r.body.field }).toEqual({ path, status: 400, field });
    }
    expect((await op.post('/api/incidents/INC-00000000-0000/ack', {})).status).toBe(404);
    expect((await op.get('/api/incidents/INC-00000000-0000')).status).toBe(404);
  });

  it('lets operators take idle units off duty and back, but not units on an incident', async () => {
    const r = await op.post('/api/units/utility-01/status', { status: 'off_duty' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'utility-01', status: 'off_duty' });
    expect((await op.post('/api/units/utility-01/status', { status: 'available' })).body.status).toBe(
      'available',
    );
    expect((await op.post('/api/units/utility-01/status', { status: 'dispatched' })).body.field).toBe(
      'status',
    );
    expect((await op.post('/api/units/nope/status', { status: 'available' })).status).toBe(404);
    const { incidentId: id } = await incidents.raise(
      proposal({ category: 'utility', lat: 10.93, lon: 108.09 }),
    );
    await op.post(`/api/incidents/${id}/ack`, {});
    await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['utility-02'] });
    const busy = await op.post('/api/units/utility-02/status', { status: 'off_duty' });
    expect(busy.status).toBe(409);
    expect(busy.body.incidentId).toBe(id);
    const units = (await op.get('/api/units')).body as { id: string; status: string }[];
    expect(units).toHaveLength(13);
    expect(units.find((u) => u.id === 'utility-02')).toMatchObject({ status: 'dispatched', incidentId: id });
  });
});
