import { allowedCommands } from '@ioc/domain/incident.state-machine';
import { ClockService } from '../src/incidents/clock.service';
import { IncidentsService } from '../src/incidents/incidents.service';
import { SlaService } from '../src/incidents/sla.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { LiveTestClient } from './support/live-client';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The operator desk (issue 16) against a real server, PostgreSQL and broker: notes required to end an
 * incident, reopen, re-triage (audited, live to a second socket, SLA following), merge of duplicates,
 * relink of a recurrence, the assignee list and who sees a citizen's phone number.
 */
jest.setTimeout(90_000);

let server: TestServer;
let incidents: IncidentsService;
let op: ApiClient;
let sup: ApiClient;
let adm: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  incidents = server.app.get(IncidentsService);
  op = await server.as('operator');
  sup = await server.as('supervisor');
  adm = await server.as('admin');
});

afterAll(async () => {
  jest.restoreAllMocks();
  await server?.close();
});

interface AuditRow {
  action: string;
  actor: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

const audit = (id: string) =>
  sql<AuditRow>(
    server.databaseUrl,
    'SELECT action, actor, from_status, to_status, note, data FROM incident_events WHERE incident_id = $1 ORDER BY id',
    [id],
  );

const liveOps = async (id: string) =>
  (
    await sql<{ op: string; payload: Record<string, unknown> }>(
      server.databaseUrl,
      `SELECT op, payload FROM live_events WHERE kind = 'incident' AND entity_id = $1 ORDER BY seq`,
      [id],
    )
  ).map((r) => r.op);

/** A position of its own, so that no raise of this file correlates with another's incident. */
let spot = 0;
const place = () => {
  spot++;
  return { lat: 10.86 + spot * 0.004, lon: 108.02 };
};

/** A fresh incident far from the others (nothing correlates with it), brought to `status` as the admin. */
async function incidentIn(
  status: 'new' | 'acknowledged' | 'resolved' | 'closed',
  over: Parameters<typeof proposal>[0] = {},
): Promise<string> {
  const { incidentId } = await incidents.raise(proposal({ ...place(), ...over }));
  const admin = adm.user!;
  if (status === 'new') return incidentId;
  await incidents.ack(incidentId, admin);
  if (status === 'acknowledged') return incidentId;
  await incidents.resolve(incidentId, admin, 'xong');
  if (status === 'closed') await incidents.close(incidentId, admin, 'đóng');
  return incidentId;
}

describe('resolve, close and cancel need a note', () => {
  it.each([
    ['resolve', 'acknowledged', 'note'],
    ['close', 'resolved', 'note'],
    ['cancel', 'acknowledged', 'reason'],
  ] as const)(
    '%s (when %s): missing, blank or not text → 400 naming %s; nothing written',
    async (cmd, st, field) => {
      const client = cmd === 'resolve' ? op : sup;
      const id = await incidentIn(st);
      const before = await audit(id);
      for (const body of [{}, { [field]: '' }, { [field]: '   \n\t ' }, { [field]: 42 }, { [field]: null }]) {
        const r = await client.post(`/api/incidents/${id}/${cmd}`, body);
        expect({ body, status: r.status, field: r.body.field }).toEqual({ body, status: 400, field });
      }
      expect(await audit(id)).toEqual(before);
      expect((await op.get(`/api/incidents/${id}`)).body.status).toBe(st);
      // with the note it goes through, and the note is the audit row's
      const ok = await client.post(`/api/incidents/${id}/${cmd}`, { [field]: '  Đã xác minh tại chỗ  ' });
      expect(ok.status).toBe(200);
      expect((await audit(id)).at(-1)).toMatchObject({ action: cmd, note: 'Đã xác minh tại chỗ' });
    },
  );
});

describe('reopen', () => {
  it('a supervisor reopens a resolved incident: acknowledged again, audited with the reason, live', async () => {
    const id = await incidentIn('resolved');
    const r = await sup.post(`/api/incidents/${id}/reopen`, { reason: 'Người dân báo nước lại dâng' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, status: 'acknowledged', resolvedAt: null });
    expect(r.body.allowedCommands).toContain('resolve');
    const last = (await audit(id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'reopen',
      actor: sup.user!.username,
      from_status: 'resolved',
      to_status: 'acknowledged',
      note: 'Người dân báo nước lại dâng',
    });
    expect(typeof last.data!.resolvedAt).toBe('string');
    expect((await liveOps(id)).at(-1)).toBe('reopen');
    expect(r.body.timeline.at(-1)).toMatchObject({ action: 'reopen', actor: sup.user!.username });
    // the resolve clock runs again
    expect(r.body.sla.stages.resolve.state).toMatch(/pending|overdue/);
    // and it can be resolved again
    expect((await op.post(`/api/incidents/${id}/resolve`, { note: 'Lần 2' })).body.status).toBe('resolved');
  });

  it('admins may reopen too; operators get 403 and nothing changes', async () => {
    const id = await incidentIn('resolved');
    const denied = await op.post(`/api/incidents/${id}/reopen`, { reason: 'thử' });
    expect(denied.status).toBe(403);
    expect((await op.get(`/api/incidents/${id}`)).body.status).toBe('resolved');
    expect((await adm.post(`/api/incidents/${id}/reopen`, { reason: 'quản trị' })).status).toBe(200);
  });

  it('refuses a non-resolved incident with 409 and the allowed commands; the reason is required', async () => {
    for (const st of ['new', 'acknowledged', 'closed'] as const) {
      const id = await incidentIn(st);
      const r = await sup.post(`/api/incidents/${id}/reopen`, { reason: 'thử' });
      expect({ st, status: r.status, allowed: r.body.allowed }).toEqual({
        st,
        status: 409,
        allowed: allowedCommands(st),
      });
    }
    const id = await incidentIn('resolved');
    for (const body of [{}, { reason: ' ' }, { reason: 'x'.repeat(4001) }, { reason: 'ok', extra: 1 }]) {
      const r = await sup.post(`/api/incidents/${id}/reopen`, body);
      expect(r.status).toBe(400);
      expect(r.body.field).toBe('extra' in body ? 'extra' : 'reason');
    }
    expect((await sup.post('/api/incidents/INC-00000000-0000/reopen', { reason: 'x' })).status).toBe(404);
  });
});

describe('re-triage (PATCH /api/incidents/:id)', () => {
  it('changes severity, category and titles, audits old → new, reaches a second socket live; SLA follows', async () => {
    const id = await incidentIn('new', { severity: 'Minor', category: 'other' });
    const before = (await op.get(`/api/incidents/${id}`)).body;
    expect(before.sla.stages.ack.targetS).toBe(3600);

    const watcher = new LiveTestClient(server.url, await server.token('supervisor'));
    await watcher.connect();
    await watcher.subscribe({ layers: ['incidents'] });
    try {
      const r = await op.patch(`/api/incidents/${id}`, {
        severity: 'Extreme',
        category: 'fire',
        title: 'Cháy nhà dân đường Tôn Đức Thắng',
        titleEn: 'House fire on Ton Duc Thang street',
        note: 'Gọi lại xác nhận có lửa',
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        severity: 'Extreme',
        category: 'fire',
        title: 'Cháy nhà dân đường Tôn Đức Thắng',
        titleEn: 'House fire on Ton Duc Thang street',
        status: 'new',
      });
      // deadlines follow the new severity (incidents.yaml: Extreme 120/300/3600 s), from the same opening
      expect(r.body.sla.stages.ack.targetS).toBe(120);
      expect(r.body.sla.stages.ack.deadline).toBe(
        new Date(Date.parse(before.openedAt) + 120_000).toISOString(),
      );
      // the fire checklist now
      expect(r.body.sop.items.map((i: { id: string }) => i.id)).not.toEqual(
        before.sop.items.map((i: { id: string }) => i.id),
      );

      const row = (await audit(id)).at(-1)!;
      expect(row).toMatchObject({
        action: 'retriage',
        actor: op.user!.username,
        from_status: 'new',
        to_status: 'new',
        note: 'Gọi lại xác nhận có lửa',
      });
      expect(row.data!.changes).toEqual({
        severity: { from: 'Minor', to: 'Extreme' },
        category: { from: 'other', to: 'fire' },
        title: { from: before.title, to: 'Cháy nhà dân đường Tôn Đức Thắng' },
        titleEn: { from: before.titleEn, to: 'House fire on Ton Duc Thang street' },
      });

      const got = await waitFor(
        () =>
          watcher.received.find(
            (x) => x.event.kind === 'incident' && x.event.entityId === id && x.event.op === 'retriage',
          ),
        10_000,
        'retriage live event on the second socket',
      );
      expect(got.event.payload).toMatchObject({ severity: 'Extreme', category: 'fire' });
    } finally {
      watcher.close();
    }
    // the new title is searchable (diacritics ignored)
    const found = await op.get(`/api/incidents?q=${encodeURIComponent('ton duc thang')}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('clears an escalation the new targets no longer justify', async () => {
    const clock = server.app.get(ClockService);
    const id = await incidentIn('new', { severity: 'Extreme', category: 'other' });
    const opened = Date.parse((await op.get(`/api/incidents/${id}`)).body.openedAt);
    jest.spyOn(clock, 'now').mockReturnValue(opened + 3 * 60_000);
    try {
      const escalated = await server.app.get(SlaService).check(opened + 3 * 60_000);
      expect(escalated).toContainEqual({ incidentId: id, stage: 'ack' });
      expect((await op.get(`/api/incidents/${id}`)).body.overdue).toBe(true);
      const r = await op.patch(`/api/incidents/${id}`, { severity: 'Minor', note: 'Chỉ là khói bếp' });
      expect(r.status).toBe(200);
      expect(r.body.overdue).toBe(false);
      expect(r.body.sla.stages.ack).toMatchObject({ state: 'pending', escalated: false, targetS: 3600 });
      expect((await audit(id)).at(-1)!.data).toMatchObject({
        changes: { severity: { from: 'Extreme', to: 'Minor' } },
        overdue: { from: true, to: false },
      });
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('hostile: no change, blank note or title, bad values, unknown fields → 400 naming the field; ended → 409', async () => {
    const id = await incidentIn('acknowledged', { severity: 'Severe', category: 'fire' });
    const cases: [unknown, string][] = [
      [{ note: 'chỉ ghi chú' }, 'body'],
      [{ severity: 'Severe', note: 'như cũ' }, 'severity'],
      [{ severity: 'Extreme' }, 'note'],
      [{ severity: 'Extreme', note: '   ' }, 'note'],
      [{ severity: 'Huge', note: 'x' }, 'severity'],
      [{ category: 'volcano', note: 'x' }, 'category'],
      [{ title: '  ', note: 'x' }, 'title'],
      [{ title: 'x'.repeat(301), note: 'x' }, 'title'],
      [{ severity: 'Minor', note: 'x', status: 'closed' }, 'status'],
      [[], 'body'],
    ];
    const before = await audit(id);
    for (const [body, field] of cases) {
      const r = await op.patch(`/api/incidents/${id}`, body);
      expect({ body, status: r.status, field: r.body.field }).toEqual({ body, status: 400, field });
    }
    expect(await audit(id)).toEqual(before);
    expect(
      (await op.patch('/api/incidents/INC-00000000-0000', { severity: 'Minor', note: 'x' })).status,
    ).toBe(404);
    expect(
      (await server.anonymous.patch(`/api/incidents/${id}`, { severity: 'Minor', note: 'x' })).status,
    ).toBe(401);
    const resolved = await incidentIn('resolved');
    const r = await op.patch(`/api/incidents/${resolved}`, { severity: 'Minor', note: 'x' });
    expect(r.status).toBe(409);
    expect(r.body.allowed).toEqual(allowedCommands('resolved'));
  });
});

describe('merge', () => {
  it('moves the evidence to the target, frees the units, cancels the duplicate; audited on both, live', async () => {
    const into = await incidentIn('acknowledged', { severity: 'Moderate' });
    const dup = await incidentIn('acknowledged', { severity: 'Severe' });
    // a second signal on the duplicate (same key), and one signal both already hold
    const dupKey = (await op.get(`/api/incidents/${dup}`)).body.key as string;
    await incidents.raise(
      proposal({ key: dupKey, evidence: { kind: 'camera_event', ref: 'shared-ev', data: {} } }),
    );
    const intoKey = (await op.get(`/api/incidents/${into}`)).body.key as string;
    await incidents.raise(
      proposal({
        severity: 'Moderate',
        key: intoKey,
        evidence: { kind: 'camera_event', ref: 'shared-ev', data: {} },
      }),
    );
    expect((await op.post(`/api/incidents/${dup}/dispatch`, { unitIds: ['fire-03'] })).status).toBe(200);
    const dupEvidence = (await op.get(`/api/incidents/${dup}`)).body.evidence as {
      id: number;
      ref: string;
    }[];
    expect(dupEvidence).toHaveLength(2);

    const r = await sup.post(`/api/incidents/${dup}/merge`, { into, note: 'Cùng một đám cháy' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: dup, status: 'cancelled', mergedInto: into, units: [] });
    // the signal the target already held stays with the duplicate; the other one moved
    expect(r.body.evidence.map((e: { ref: string }) => e.ref)).toEqual(['shared-ev']);
    const moved = dupEvidence.filter((e) => e.ref !== 'shared-ev').map((e) => e.id);
    const target = (await op.get(`/api/incidents/${into}`)).body;
    expect(target.evidence.map((e: { id: number }) => e.id)).toEqual(expect.arrayContaining(moved));
    expect(target.evidenceCount).toBe(3);
    expect(r.body.evidenceCount).toBe(1);
    // the duplicate was more severe: the target rises, as when a signal attaches
    expect(target.severity).toBe('Severe');
    expect(
      (
        await sql<{ status: string }>(server.databaseUrl, 'SELECT status FROM units WHERE id = $1', [
          'fire-03',
        ])
      )[0].status,
    ).toBe('available');

    expect((await audit(dup)).at(-1)).toMatchObject({
      action: 'merge',
      actor: sup.user!.username,
      from_status: 'dispatched',
      to_status: 'cancelled',
      note: 'Cùng một đám cháy',
      data: { into, evidenceIds: moved, freedUnits: ['fire-03'] },
    });
    expect((await audit(into)).at(-1)).toMatchObject({
      action: 'merge_in',
      actor: sup.user!.username,
      from_status: 'acknowledged',
      to_status: 'acknowledged',
      note: 'Cùng một đám cháy',
      data: { from: dup, evidenceIds: moved, severityFrom: 'Moderate', severityTo: 'Severe' },
    });
    expect((await liveOps(dup)).at(-1)).toBe('merge');
    expect((await liveOps(into)).at(-1)).toBe('merge_in');
  });

  it('merges a recurrence into a resolved incident, which can then be reopened', async () => {
    const old = await incidentIn('resolved');
    const dup = await incidentIn('new');
    expect((await sup.post(`/api/incidents/${dup}/merge`, { into: old, note: 'Tái diễn' })).status).toBe(200);
    const target = (await op.get(`/api/incidents/${old}`)).body;
    expect(target).toMatchObject({ status: 'resolved', evidenceCount: 2 });
    expect((await sup.post(`/api/incidents/${old}/reopen`, { reason: 'Tái diễn' })).body.status).toBe(
      'acknowledged',
    );
  });

  it('hostile: itself, ended targets, cycles, wrong role, bad bodies; nothing changes', async () => {
    const a = await incidentIn('new');
    const b = await incidentIn('new');
    const c = await incidentIn('new');
    const closed = await incidentIn('closed');
    const expect409 = async (id: string, into: string, reason: string) => {
      const before = [await audit(id), await audit(into)];
      const r = await sup.post(`/api/incidents/${id}/merge`, { into, note: 'x' });
      expect({ id, into, status: r.status, reason: r.body.reason }).toEqual({
        id,
        into,
        status: 409,
        reason,
      });
      expect([await audit(id), await audit(into)]).toEqual(before);
    };
    await expect409(a, a, 'self');
    await expect409(a, closed, 'target_ended');
    // a → b, then b → c: merging c back into a would close a cycle (c ← b ← a)
    expect((await sup.post(`/api/incidents/${a}/merge`, { into: b, note: 'trùng' })).status).toBe(200);
    await expect409(b, a, 'cycle');
    expect((await sup.post(`/api/incidents/${b}/merge`, { into: c, note: 'trùng' })).status).toBe(200);
    await expect409(c, a, 'cycle');
    // a cancelled incident is no target (and no source)
    const d = await incidentIn('new');
    await expect409(d, b, 'target_ended');
    const again = await sup.post(`/api/incidents/${a}/merge`, { into: d, note: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual(allowedCommands('cancelled'));

    const e = await incidentIn('new');
    expect((await op.post(`/api/incidents/${e}/merge`, { into: d, note: 'x' })).status).toBe(403);
    expect((await server.anonymous.post(`/api/incidents/${e}/merge`, { into: d, note: 'x' })).status).toBe(
      401,
    );
    for (const [body, field] of [
      [{ into: d }, 'note'],
      [{ into: d, note: ' ' }, 'note'],
      [{ note: 'x' }, 'into'],
      [{ into: 'INC-00000000-0000', note: 'x' }, 'into'],
      [{ into: "'; DROP TABLE incidents; --", note: 'x' }, 'into'],
      [{ into: d, note: 'x', force: true }, 'force'],
    ] as [unknown, string][]) {
      const r = await sup.post(`/api/incidents/${e}/merge`, body);
      expect({ body, status: r.status, field: r.body.field }).toEqual({ body, status: 400, field });
    }
    expect((await op.get(`/api/incidents/${e}`)).body.status).toBe('new');
  });
});

describe('relink of a recurrence', () => {
  it('a new incident of the same key within relinkWindowMin of the resolution records it; not after', async () => {
    const clock = server.app.get(ClockService);
    const first = await incidentIn('resolved');
    const key = (await op.get(`/api/incidents/${first}`)).body.key as string;
    const resolvedAt = Date.parse((await op.get(`/api/incidents/${first}`)).body.resolvedAt);
    try {
      // 59 minutes later (incidents.yaml: relinkWindowMin 60)
      jest.spyOn(clock, 'now').mockReturnValue(resolvedAt + 59 * 60_000);
      const again = await incidents.raise(proposal({ key, ...place() }));
      expect(again.created).toBe(true);
      const d = (await op.get(`/api/incidents/${again.incidentId}`)).body;
      expect(d.relatedIncidentId).toBe(first);
      expect(d.related).toMatchObject({ id: first, status: 'resolved' });
      expect(d.related.resolvedAt).toBe(new Date(resolvedAt).toISOString());
      expect((await audit(again.incidentId))[0]).toMatchObject({
        action: 'open',
        data: expect.objectContaining({ relatedIncidentId: first }),
      });
      // its live event carries the link, so consoles show it without a reload
      const ev = await sql<{ payload: { relatedIncidentId: string } }>(
        server.databaseUrl,
        `SELECT payload FROM live_events WHERE entity_id = $1 AND op = 'open'`,
        [again.incidentId],
      );
      expect(ev[0].payload.relatedIncidentId).toBe(first);
      // it is resolved in turn; 61 minutes after that, the same key opens unlinked
      await incidents.ack(again.incidentId, adm.user!);
      await incidents.resolve(again.incidentId, adm.user!, 'xong');
      jest.spyOn(clock, 'now').mockReturnValue(resolvedAt + (59 + 61) * 60_000);
      const late = await incidents.raise(proposal({ key, ...place() }));
      expect(late.created).toBe(true);
      const l = (await op.get(`/api/incidents/${late.incidentId}`)).body;
      expect(l.relatedIncidentId).toBeNull();
      expect(l.related).toBeNull();
    } finally {
      jest.restoreAllMocks();
    }
    // another key resolved just now is not a relation
    const other = await incidents.raise(proposal(place()));
    expect((await op.get(`/api/incidents/${other.incidentId}`)).body.relatedIncidentId).toBeNull();
  });

  it('reopening the old incident while its recurrence is open answers 409 key_open naming it', async () => {
    const first = await incidentIn('resolved');
    const key = (await op.get(`/api/incidents/${first}`)).body.key as string;
    const again = await incidents.raise(proposal({ key, ...place() }));
    const r = await sup.post(`/api/incidents/${first}/reopen`, { reason: 'x' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ reason: 'key_open', openIncidentId: again.incidentId });
  });
});

describe('assignees and the citizen contact', () => {
  it('GET /api/users/assignable lists active operator+ users with id, username, name and role only', async () => {
    const gone = await adm.post('/api/users', {
      username: `gone-${Date.now().toString(36)}`,
      displayName: 'Đã nghỉ',
      role: 'operator',
      password: 'a-long-password',
    });
    await adm.patch(`/api/users/${gone.body.id}`, { active: false });
    const r = await op.get('/api/users/assignable');
    expect(r.status).toBe(200);
    const names = r.body.map((u: { username: string }) => u.username);
    expect(names).toEqual(
      expect.arrayContaining([op.user!.username, sup.user!.username, adm.user!.username]),
    );
    expect(names).not.toContain(gone.body.username);
    for (const u of r.body) expect(Object.keys(u).sort()).toEqual(['displayName', 'id', 'role', 'username']);
    expect((await server.anonymous.get('/api/users/assignable')).status).toBe(401);
    // assigning one of them through the existing route
    const id = await incidentIn('new');
    const assigned = await op.post(`/api/incidents/${id}/assign`, { username: sup.user!.username });
    expect(assigned.body.assignee).toBe(sup.user!.username);
  });

  it("shows the reporter's phone on the evidence to operators, supervisors and admins, and nowhere else", async () => {
    const phone = '0912 345 678';
    const start = Number(
      (await sql<{ s: string }>(server.databaseUrl, 'SELECT coalesce(max(seq), 0) AS s FROM live_events'))[0]
        .s,
    );
    const rep = await op.post('/api/reports', {
      text: 'Cây đổ chắn ngang đường Nguyễn Tất Thành',
      category: 'traffic',
      lat: 10.9284,
      lon: 108.0986,
      contact: phone,
    });
    expect(rep.status).toBe(201);
    const id = rep.body.incidentId as string;
    for (const client of [op, sup, adm]) {
      const d = (await client.get(`/api/incidents/${id}`)).body;
      const report = d.evidence.find((e: { kind: string }) => e.kind === 'citizen_report');
      expect(report.data.contact).toBe(phone);
    }
    // not without a token, not in the live feed, the list, the CAP alert (public by design) or the timeline
    expect((await server.anonymous.get(`/api/incidents/${id}`)).status).toBe(401);
    const live = await sql<{ payload: unknown }>(
      server.databaseUrl,
      'SELECT payload FROM live_events WHERE seq > $1',
      [start],
    );
    expect(live.length).toBeGreaterThan(0);
    expect(JSON.stringify(live)).not.toContain(phone);
    expect(JSON.stringify((await op.get('/api/incidents?limit=1000')).body)).not.toContain(phone);
    const cap = await op.get(`/api/incidents/${id}/cap`);
    expect(cap.status).toBe(200);
    expect(String(cap.body)).not.toContain(phone);
    const hour = `from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    expect(JSON.stringify((await op.get(`/api/timeline?${hour}`)).body)).not.toContain(phone);
  });
});
