import { io } from 'socket.io-client';
import type { FieldAssignment } from '@ioc/contracts/field.dto';
import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import type { Unit } from '@ioc/contracts/unit.schema';
import { IncidentsService } from '../src/incidents/incidents.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 18, field responders: a responder's phone acts for its own unit only; OwnTracks HTTP mode with
// per-unit Basic credentials; positions under the ingest's time window and a per-unit rate limit.
jest.setTimeout(90_000);

let server: TestServer;
let op: ApiClient;
let admin: ApiClient;
let responder: ApiClient;
const POSITIONS_PER_MIN = 8;

beforeAll(async () => {
  server = await startTestServer({ FIELD_POSITIONS_PER_MIN: String(POSITIONS_PER_MIN) });
  op = await server.as('operator');
  admin = await server.as('admin');
  responder = await server.as('responder');
});

afterAll(async () => {
  await server?.close();
});

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const unit = async (id: string): Promise<Unit> =>
  ((await op.get('/api/units')).body as Unit[]).find((u) => u.id === id)!;
const positions = (unitId: string) =>
  sql<{ lat: number; lon: number; source: string }>(
    server.databaseUrl,
    'SELECT lat, lon, source FROM unit_positions WHERE unit_id = $1 ORDER BY time',
    [unitId],
  );

describe('OwnTracks HTTP mode', () => {
  let secret: string;
  beforeAll(async () => {
    const r = await admin.post('/api/units/police-01/tracker-secret', {});
    expect(r.status).toBe(200);
    secret = r.body.secret;
    expect(r.body).toMatchObject({ unitId: 'police-01', username: 'police-01' });
    // stored hashed only
    const [row] = await sql<{ h: string }>(
      server.databaseUrl,
      "SELECT tracker_secret_hash h FROM units WHERE id = 'police-01'",
    );
    expect(row.h).toMatch(/^\$argon2id\$/);
    expect(row.h).not.toContain(secret);
  });

  const fix = (lat: number, lon: number, extra: Record<string, unknown> = {}) => ({
    _type: 'location',
    lat,
    lon,
    tst: Math.floor(Date.now() / 1000),
    tid: 'p1',
    vel: 20,
    ...extra,
  });

  it("a post with the unit's credentials updates its position and answers []", async () => {
    const r = await server.anonymous.request(
      'POST',
      '/public/owntracks',
      fix(10.9401, 108.1102),
      basic('police-01', secret),
    );
    expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: [] });
    const u = await unit('police-01');
    expect({ lat: u.lat, lon: u.lon, atBase: u.atBase }).toEqual({
      lat: 10.9401,
      lon: 108.1102,
      atBase: false,
    });
    expect((await positions('police-01')).at(-1)).toEqual({
      lat: 10.9401,
      lon: 108.1102,
      source: 'owntracks',
    });
  });

  it('the topic the app copies into the body is accepted when it is the unit’s own', async () => {
    const r = await server.anonymous.request(
      'POST',
      '/public/owntracks',
      fix(10.9402, 108.1103, { topic: 'owntracks/unit/police-01' }),
      basic('police-01', secret),
    );
    expect(r.status).toBe(200);
  });

  it('wrong credentials → 401 with a Basic challenge, nothing stored', async () => {
    const before = (await positions('police-01')).length;
    for (const headers of [
      basic('police-01', 'not-the-secret'),
      basic('police-09', secret),
      {},
      { authorization: 'Bearer x' },
    ]) {
      const r = await server.anonymous.request('POST', '/public/owntracks', fix(10.95, 108.12), headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    // a unit without a secret has no HTTP door at all
    expect(
      (
        await server.anonymous.request(
          'POST',
          '/public/owntracks',
          fix(10.95, 108.12),
          basic('police-02', ''),
        )
      ).status,
    ).toBe(401);
    expect((await positions('police-01')).length).toBe(before);
  });

  it("a unit cannot post another unit's position: topic or X-Limit-U of another → 403, nothing stored", async () => {
    const before = (await positions('police-01')).length;
    const other = await server.anonymous.request(
      'POST',
      '/public/owntracks',
      fix(10.95, 108.12, { topic: 'owntracks/unit/fire-01' }),
      basic('police-01', secret),
    );
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/identity_mismatch/);
    const header = await server.anonymous.request('POST', '/public/owntracks', fix(10.95, 108.12), {
      ...basic('police-01', secret),
      'x-limit-u': 'fire-01',
    });
    expect(header.status).toBe(403);
    expect((await positions('police-01')).length).toBe(before);
    expect(await positions('fire-01')).toEqual([]);
  });

  it('a fix from the future → 400, a rotated secret retires the old one', async () => {
    const future = await server.anonymous.request(
      'POST',
      '/public/owntracks',
      fix(10.95, 108.12, { tst: Math.floor(Date.now() / 1000) + 3600 }),
      basic('police-01', secret),
    );
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toMatch(/time_in_future/);
    const rotated = (
      await admin.post('/api/units/police-01/tracker-secret', { secret: 'a-new-secret-of-the-unit' })
    ).body;
    expect(rotated.secret).toBe('a-new-secret-of-the-unit');
    expect(
      (
        await server.anonymous.request(
          'POST',
          '/public/owntracks',
          fix(10.95, 108.12),
          basic('police-01', secret),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await server.anonymous.request(
          'POST',
          '/public/owntracks',
          fix(10.95, 108.12),
          basic('police-01', 'a-new-secret-of-the-unit'),
        )
      ).status,
    ).toBe(200);
  });

  it('only admins set secrets; a short secret is refused naming the field', async () => {
    expect((await op.post('/api/units/police-01/tracker-secret', {})).status).toBe(403);
    const short = await admin.post('/api/units/police-01/tracker-secret', { secret: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('secret');
    expect((await admin.post('/api/units/nope-99/tracker-secret', {})).status).toBe(404);
  });
});

describe('responder accounts', () => {
  it('a responder needs a unit that exists, and only responders have one', async () => {
    const base = { displayName: 'Lái xe', password: 'a-long-password-1' };
    const none = await admin.post('/api/users', { ...base, username: 'r-none', role: 'responder' });
    expect([none.status, none.body.field]).toEqual([400, 'unitId']);
    const unknown = await admin.post('/api/users', {
      ...base,
      username: 'r-unknown',
      role: 'responder',
      unitId: 'nope-01',
    });
    expect([unknown.status, unknown.body.field]).toEqual([400, 'unitId']);
    const opWithUnit = await admin.post('/api/users', {
      ...base,
      username: 'o-unit',
      role: 'operator',
      unitId: 'fire-01',
    });
    expect([opWithUnit.status, opWithUnit.body.field]).toEqual([400, 'unitId']);
    const ok = await admin.post('/api/users', {
      ...base,
      username: 'r-fire',
      role: 'responder',
      unitId: 'fire-03',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ role: 'responder', unitId: 'fire-03' });
    // leaving the role unbinds the unit
    const promoted = await admin.patch(`/api/users/${ok.body.id}`, { role: 'operator' });
    expect(promoted.body).toMatchObject({ role: 'operator', unitId: null });
  });

  it('the live socket refuses a responder (it shows the whole city)', async () => {
    const s = io(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: { token: responder.token },
    });
    const outcome = await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e) => resolve(e.message));
    });
    s.close();
    expect(outcome).toBe('unauthorized');
  });
});

describe('the field view', () => {
  const own = () => server.responderUnit;
  let incidentId: string;

  beforeAll(async () => {
    const incidents = server.app.get(IncidentsService);
    const actor = { id: 'x', username: 'dispatcher', role: 'operator' as const };
    ({ incidentId } = await incidents.raise(proposal({ category: 'traffic', lat: 10.9301, lon: 108.1051 })));
    await incidents.ack(incidentId, actor);
    await op.post(`/api/incidents/${incidentId}/comments`, {
      text: 'Hai xe máy va chạm, một người bị thương',
    });
    expect((await op.post(`/api/incidents/${incidentId}/dispatch`, { unitIds: [own()] })).status).toBe(200);
  });

  it("shows the responder its own unit's assignment with the operators' notes and its SOP items", async () => {
    const r = await responder.get('/api/field/assignment');
    expect(r.status).toBe(200);
    const a = r.body as FieldAssignment;
    expect(a.unit).toMatchObject({ id: own(), status: 'dispatched', incidentId });
    expect(a.incident).toMatchObject({
      id: incidentId,
      category: 'traffic',
      lat: 10.9301,
      lon: 108.1051,
      backupRequested: false,
    });
    expect(a.incident!.notes.map((n) => n.text)).toEqual(['Hai xe máy va chạm, một người bị thương']);
    // an ambulance's items of the traffic checklist: calling 115, not the centre's own
    expect(a.incident!.sop.map((i) => i.id)).toEqual(['call-115']);
  });

  it('en route, on scene, need backup and done are audited as the responder and move the incident', async () => {
    const step = async (status: string) => {
      const r = await responder.post('/api/field/status', { status });
      expect({ status, code: r.status }).toEqual({ status, code: 200 });
      return r.body as FieldAssignment;
    };
    expect((await step('en_route')).unit.status).toBe('en_route');
    expect((await step('on_scene')).incident!.status).toBe('on_scene');
    expect((await step('need_backup')).incident!.backupRequested).toBe(true);
    const d = (await op.get(`/api/incidents/${incidentId}`)).body as IncidentDetail;
    const mine = d.timeline.filter((e) => e.actor === 'test-responder');
    expect(mine.map((e) => [e.action, e.data?.unitStatus ?? null, e.data?.backup ?? false])).toEqual([
      ['en_route', 'en_route', false],
      ['on_scene', 'on_scene', false],
      ['unit_status', 'on_scene', true],
    ]);
    // dispatching more units answers the request
    await op.post(`/api/incidents/${incidentId}/dispatch`, { unitIds: ['ambulance-01'] });
    expect(
      ((await responder.get('/api/field/assignment')).body as FieldAssignment).incident!.backupRequested,
    ).toBe(false);
    const done = await step('done');
    expect(done).toMatchObject({ unit: { status: 'available', incidentId: null }, incident: null });
    const after = (await op.get(`/api/incidents/${incidentId}`)).body as IncidentDetail;
    expect(after.timeline.at(-1)).toMatchObject({
      actor: 'test-responder',
      action: 'unit_status',
      data: { unitId: own(), released: true },
    });
    // off duty and back, recorded with the responder as actor
    expect((await step('off_duty')).unit.status).toBe('off_duty');
    expect((await step('available')).unit.status).toBe('available');
    const duty = await sql<{ actor: string; status: string }>(
      server.databaseUrl,
      'SELECT actor, status FROM unit_duty_events WHERE unit_id = $1 ORDER BY id',
      [own()],
    );
    expect(duty).toEqual([
      { actor: 'test-responder', status: 'off_duty' },
      { actor: 'test-responder', status: 'available' },
    ]);
  });

  it('hostile: another unit → 403, the operators’ unit command → 403, no assignment → 409, bad status → 400', async () => {
    const other = await responder.post('/api/field/status', { status: 'available', unitId: 'fire-01' });
    expect(other.status).toBe(403);
    const cmd = await responder.post(`/api/incidents/${incidentId}/unit-status`, {
      unitId: 'ambulance-01',
      status: 'on_scene',
    });
    expect(cmd.status).toBe(403);
    const pos = await responder.post('/api/field/position', {
      lat: 10.93,
      lon: 108.1,
      time: new Date().toISOString(),
      unitId: 'fire-01',
    });
    expect(pos.status).toBe(403);
    expect(await positions('fire-01')).toEqual([]);
    const idle = await responder.post('/api/field/status', { status: 'en_route' });
    expect(idle.status).toBe(409);
    const bad = await responder.post('/api/field/status', { status: 'teleported' });
    expect([bad.status, bad.body.field]).toEqual([400, 'status']);
    expect((await op.get('/api/field/assignment')).status).toBe(403);
  });

  it('positions: stored like tracker fixes; a future time → 400 naming time; a flood → 429', async () => {
    const now = Date.now();
    const ok = await responder.post('/api/field/position', {
      lat: 10.9311,
      lon: 108.1061,
      time: new Date(now).toISOString(),
      speed: 42,
      accuracy: 8,
    });
    expect(ok.status).toBe(202);
    const u = await unit(own());
    expect({ lat: u.lat, lon: u.lon }).toEqual({ lat: 10.9311, lon: 108.1061 });
    expect((await positions(own())).at(-1)).toEqual({ lat: 10.9311, lon: 108.1061, source: 'field' });
    const future = await responder.post('/api/field/position', {
      lat: 10.93,
      lon: 108.1,
      time: new Date(now + 3600_000).toISOString(),
    });
    expect([future.status, future.body.field]).toEqual([400, 'time']);
    const outside = await responder.post('/api/field/position', {
      lat: 91,
      lon: 108.1,
      time: new Date(now).toISOString(),
    });
    expect([outside.status, outside.body.field]).toEqual([400, 'lat']);
    const codes: number[] = [];
    for (let i = 1; i <= POSITIONS_PER_MIN + 2; i++)
      codes.push(
        (
          await responder.post('/api/field/position', {
            lat: 10.93,
            lon: 108.1,
            time: new Date(now + i).toISOString(),
          })
        ).status,
      );
    // one stored above: POSITIONS_PER_MIN − 1 more fit in the minute
    expect(codes).toEqual([...Array(POSITIONS_PER_MIN - 1).fill(202), 429, 429, 429]);
  });
});
