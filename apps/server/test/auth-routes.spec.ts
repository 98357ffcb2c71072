import { ROLE_ORDER, type Role } from '@ioc/contracts/auth.schema';
import mqtt from 'mqtt';
// The route table's camera media come from the simulator's Frigate (docs/simulator.md).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startFrigateSim, type FrigateSim } from '../../city-sim/src/frigate-http.server';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { frigateEventId, frigateEventMessages, type TrackedObject } from '../../city-sim/src/frigate.encoder';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { loadCity } from '../../city-sim/src/city.loader';
import sharp from 'sharp';
import { Database } from '../src/db/database.pool';
import { IncidentsService } from '../src/incidents/incidents.service';
import { login } from './support/api-client';
import { buildStreetsPmtiles } from './support/pmtiles-fixture';
import { startTestServer, type TestServer } from './support/test-server';

// Acceptance 5: every route answers 401 without a token, 403 to each role below its minimum and 2xx to
// its minimum role; and every route the server registered is in this table. Issue 18: a responder is
// tried on EVERY route and gets 403 everywhere but its field routes ('field': responders only, 403 to
// every console role) and its own session; public routes (/public/…) answer without a token.
jest.setTimeout(120_000);

interface Ctx {
  server: TestServer;
  /** A device of the city config. */
  deviceId: string;
  /** The test operator's user id. */
  operatorId: string;
  /** A fresh suffix for names that must be unique. */
  unique(): string;
  /** A Frigate event (with a clip) the server stored, served by the simulated Frigate. */
  eventId: string;
  /** A fresh small number. */
  seq(): number;
}
interface Sample {
  /** Concrete URL (required when the path has parameters); defaults to the path. */
  url?: string;
  body?: unknown;
  /** A fresh body per request (a FormData can be sent once). */
  makeBody?: () => unknown;
  headers?: Record<string, string>;
}
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** One line per route: method, path as registered, lowest role allowed (or public), a valid request. */
type Row = [Method, string, Role | 'public' | 'field', ((c: Ctx) => Sample | Promise<Sample>)?];

/** A public citizen report (JSON, no photo); its tracking code. */
async function citizenReport(c: Ctx, photo = false): Promise<{ code: string; id: string }> {
  const fields = { category: 'traffic', description: `Ổ gà lớn ${c.unique()}`, lat: '10.93', lon: '108.1' };
  let body: unknown = { ...fields, lat: 10.93, lon: 108.1 };
  if (photo) {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
    f.append('photos', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'p.png');
    body = f;
  }
  // a different client address per report: the per-address limit is not what this table checks
  const r = await c.server.anonymous.request('POST', '/public/reports', body, {
    'x-forwarded-for': `10.9.${c.seq()}.1`,
  });
  if (r.status !== 201) throw new Error(`citizen report: ${r.status} ${JSON.stringify(r.body)}`);
  const code = (r.body as { code: string }).code;
  const rows = await c.server.app
    .get(Database)
    .query<{ id: string }>('SELECT id FROM citizen_reports WHERE code = $1', [code]);
  return { code, id: rows[0].id };
}

/** A history range. */
const HOUR = 'from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z';

const ROUTES: Row[] = [
  ['GET', '/api/health', 'public'],
  ['GET', '/api/health/live', 'public'],
  ['GET', '/api/health/ready', 'public'],
  ['GET', '/api/metrics', 'supervisor'],
  [
    'POST',
    '/api/auth/login',
    'public',
    (c) => ({ body: { username: c.server.admin.username, password: c.server.admin.password } }),
  ],
  [
    'POST',
    '/api/auth/refresh',
    'public',
    async (c) => ({
      body: {
        refreshToken: (await login(c.server.url, c.server.admin.username, c.server.admin.password))
          .refreshToken,
      },
    }),
  ],
  ['POST', '/api/auth/logout', 'responder', () => ({ body: {} })],
  ['GET', '/api/auth/me', 'responder'],
  ['GET', '/api/auth/events', 'admin'],
  ['GET', '/api/docs', 'operator'],
  ['GET', '/api/users', 'admin'],
  ['GET', '/api/users/:id', 'admin', (c) => ({ url: `/api/users/${c.operatorId}` })],
  [
    'POST',
    '/api/users',
    'admin',
    (c) => ({
      body: {
        username: `u${c.unique()}`,
        displayName: 'Nguyễn Văn A',
        role: 'operator',
        password: 'a-long-password',
        unitId: null,
      },
    }),
  ],
  [
    'PATCH',
    '/api/users/:id',
    'admin',
    (c) => ({ url: `/api/users/${c.operatorId}`, body: { displayName: 'Trần Thị B' } }),
  ],
  ['GET', '/api/config', 'operator'],
  ['GET', '/api/basemap/style.json', 'operator'],
  ['GET', '/api/basemap/land.geojson', 'operator'],
  [
    'GET',
    '/api/basemap/fonts/:fontstack/:range.pbf',
    'operator',
    () => ({ url: '/api/basemap/fonts/Noto%20Sans%20Regular/0-255.pbf' }),
  ],
  ['GET', '/api/basemap/tiles.pmtiles', 'operator'],
  ['GET', '/api/city', 'operator'],
  ['GET', '/api/city/wards.geojson', 'operator'],
  ['GET', '/api/sensors/state', 'operator'],
  ['GET', '/api/devices', 'operator'],
  ['GET', '/api/devices/:id', 'operator', (c) => ({ url: `/api/devices/${c.deviceId}` })],
  [
    'GET',
    '/api/devices/:id/readings',
    'operator',
    (c) => ({ url: `/api/devices/${c.deviceId}/readings?metric=pm25` }),
  ],
  ['GET', '/api/camera-events', 'operator'],
  ['GET', '/api/rules', 'operator'],
  [
    'POST',
    '/api/reports',
    'operator',
    (c) => ({
      body: { text: `Đèn tín hiệu hỏng ${c.unique()}`, category: 'traffic', lat: 10.9284, lon: 108.0986 },
    }),
  ],
  ['GET', '/api/dead-letters', 'supervisor'],
  ['GET', '/api/ingest/stats', 'supervisor'],
  // Incidents and units (h-inc). Each sample raises its own incident and brings it to the state the
  // command needs, through the service, as the admin.
  ['GET', '/api/incidents', 'operator'],
  [
    'GET',
    '/api/incidents/:id',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}` }),
  ],
  [
    'GET',
    '/api/incidents/:id/cap',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}/cap` }),
  ],
  [
    'GET',
    '/api/incidents/:id/nearest-units',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}/nearest-units` }),
  ],
  [
    'GET',
    '/api/incidents/:id/dispatch-plan',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}/dispatch-plan` }),
  ],
  [
    'POST',
    '/api/incidents/:id/ack',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}/ack`, body: {} }),
  ],
  [
    'POST',
    '/api/incidents/:id/assign',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'new')}/assign`,
      body: { username: c.server.admin.username },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/dispatch',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'acknowledged')}/dispatch`,
      body: { unitIds: ['environment-01'] },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/unit-status',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'dispatched', 'traffic-01')}/unit-status`,
      body: { unitId: 'traffic-01', status: 'en_route' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/resolve',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'acknowledged')}/resolve`,
      body: { note: 'ok' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/close',
    'supervisor',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'resolved')}/close`,
      body: { note: 'đã kiểm tra' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/cancel',
    'supervisor',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'new')}/cancel`,
      body: { reason: 'báo nhầm' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/comments',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'new')}/comments`,
      body: { text: 'ghi chú' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/sop/:itemId',
    'operator',
    async (c) => ({ url: `/api/incidents/${await incidentIn(c, 'new')}/sop/verify`, body: { ticked: true } }),
  ],
  // Operator desk (issue 16): re-triage, reopen, merge, assignees
  [
    'PATCH',
    '/api/incidents/:id',
    'operator',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'new')}`,
      body: { severity: 'Severe', note: 'xác minh lại' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/reopen',
    'supervisor',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'resolved')}/reopen`,
      body: { reason: 'tái diễn' },
    }),
  ],
  [
    'POST',
    '/api/incidents/:id/merge',
    'supervisor',
    async (c) => ({
      url: `/api/incidents/${await incidentIn(c, 'new')}/merge`,
      body: { into: await incidentIn(c, 'new'), note: 'trùng' },
    }),
  ],
  ['GET', '/api/users/assignable', 'operator'],
  // History (h-history)
  ['GET', '/api/timeline', 'operator', () => ({ url: `/api/timeline?${HOUR}` })],
  ['GET', '/api/timeline/histogram', 'operator', () => ({ url: `/api/timeline/histogram?${HOUR}` })],
  ['GET', '/api/replay/state', 'operator', () => ({ url: '/api/replay/state?at=2026-01-01T00:00:00Z' })],
  ['GET', '/api/replay/events', 'operator', () => ({ url: `/api/replay/events?${HOUR}` })],
  ['GET', '/api/exports/timeline.csv', 'operator', () => ({ url: `/api/exports/timeline.csv?${HOUR}` })],
  ['GET', '/api/exports/readings.csv', 'operator', () => ({ url: `/api/exports/readings.csv?${HOUR}` })],
  [
    'GET',
    '/api/exports/incidents.cap.xml',
    'operator',
    () => ({ url: `/api/exports/incidents.cap.xml?${HOUR}` }),
  ],
  [
    'GET',
    '/api/history/daily-report',
    'operator',
    () => ({ url: '/api/history/daily-report?date=2026-01-01' }),
  ],
  // Camera media (h-cam): MEDIA_ROLES (default operator and up) checked by the handler, so refusals are audited.
  [
    'GET',
    '/api/media/cameras/:camera/latest.jpg',
    'operator',
    () => ({ url: `/api/media/cameras/${CAMERA}/latest.jpg` }),
  ],
  [
    'GET',
    '/api/media/events/:id/thumbnail.jpg',
    'operator',
    (c) => ({ url: `/api/media/events/${c.eventId}/thumbnail.jpg` }),
  ],
  [
    'GET',
    '/api/media/events/:id/snapshot.jpg',
    'operator',
    (c) => ({ url: `/api/media/events/${c.eventId}/snapshot.jpg` }),
  ],
  [
    'GET',
    '/api/media/events/:id/clip.mp4',
    'operator',
    (c) => ({ url: `/api/media/events/${c.eventId}/clip.mp4` }),
  ],
  ['GET', '/api/media/audit', 'admin'],
  ['GET', '/api/units', 'operator'],
  [
    'POST',
    '/api/units/:id/tracker-secret',
    'admin',
    () => ({ url: '/api/units/police-03/tracker-secret', body: {} }),
  ],
  // Field responders and the citizen channel (h-field)
  ['GET', '/api/field/assignment', 'field'],
  ['POST', '/api/field/status', 'field', () => ({ body: { status: 'available' } })],
  [
    'POST',
    '/api/field/position',
    'field',
    () => ({ body: { lat: 10.93, lon: 108.1, time: new Date().toISOString() } }),
  ],
  [
    'POST',
    '/public/owntracks',
    'public',
    async (c) => {
      const admin = await c.server.as('admin');
      const { secret } = (await admin.post('/api/units/police-02/tracker-secret', {})).body as {
        secret: string;
      };
      return {
        body: { _type: 'location', lat: 10.93, lon: 108.1, tst: Math.floor(Date.now() / 1000) },
        headers: { authorization: `Basic ${Buffer.from(`police-02:${secret}`).toString('base64')}` },
      };
    },
  ],
  ['GET', '/public/config', 'public'],
  ['GET', '/public/map/style.json', 'public'],
  ['GET', '/public/map/land.geojson', 'public'],
  ['GET', '/public/map/wards.geojson', 'public'],
  [
    'POST',
    '/public/reports',
    'public',
    (c) => ({
      body: { category: 'flood', description: `Ngập sâu ${c.unique()}`, lat: 10.93, lon: 108.1 },
      headers: { 'x-forwarded-for': `10.8.${c.seq()}.1` },
    }),
  ],
  [
    'GET',
    '/public/reports/:code',
    'public',
    async (c) => ({ url: `/public/reports/${(await citizenReport(c)).code}` }),
  ],
  ['GET', '/api/citizen-reports/stats', 'supervisor'],
  [
    'GET',
    '/api/citizen-reports/:id',
    'operator',
    async (c) => ({ url: `/api/citizen-reports/${(await citizenReport(c)).id}` }),
  ],
  [
    'GET',
    '/api/citizen-reports/:id/photos/:index',
    'operator',
    async (c) => ({ url: `/api/citizen-reports/${(await citizenReport(c, true)).id}/photos/0` }),
  ],
  [
    'POST',
    '/api/citizen-reports/:id/spam',
    'operator',
    async (c) => {
      const { id } = await citizenReport(c);
      // each role's attempt gets its own report: a 2xx marks it, a second mark would be a 409
      return { url: `/api/citizen-reports/${id}/spam`, body: {} };
    },
  ],
  [
    'POST',
    '/api/units/:id/status',
    'operator',
    () => ({ url: '/api/units/utility-01/status', body: { status: 'off_duty' } }),
  ],
];

/** A fresh incident (no location, so nothing correlates with it) brought to `status` by the admin. */
async function incidentIn(
  c: Ctx,
  status: 'new' | 'acknowledged' | 'dispatched' | 'resolved',
  unitId?: string,
): Promise<string> {
  const incidents = c.server.app.get(IncidentsService);
  const admin = { id: 'route-table', username: c.server.admin.username, role: 'admin' as const };
  const { incidentId } = await incidents.raise({
    key: `route-table:${c.unique()}`,
    ruleId: 'route-table',
    category: 'other',
    severity: 'Minor',
    title: { vi: 'Kiểm tra quyền', en: 'Permission check' },
    description: '',
    lat: null,
    lon: null,
    time: new Date().toISOString(),
    evidence: { kind: 'citizen_report', ref: c.unique(), data: {} },
  });
  if (status === 'new') return incidentId;
  await incidents.ack(incidentId, admin);
  if (status === 'dispatched') await incidents.dispatch(incidentId, admin, [unitId!]);
  if (status === 'resolved') await incidents.resolve(incidentId, admin, 'ok');
  return incidentId;
}

let server: TestServer;
let ctx: Ctx;
let frigate: FrigateSim;
const CAMERA = 'cam-cho-phan-thiet';

/** One Frigate event on the market camera, published to the broker (the server stores it) and to the sim. */
async function publishCameraEvent(): Promise<string> {
  const city = loadCity();
  const o: TrackedObject = {
    camera: city.cameras.find((c) => c.id === CAMERA)!,
    label: 'person',
    startMs: Date.now() - 120_000,
    durationMs: 60_000,
    topScore: 0.8,
    seed: Math.floor(Math.random() * 1e9),
  };
  const c = await mqtt.connectAsync(process.env.MQTT_URL!, { reconnectPeriod: 0 });
  for (const m of frigateEventMessages(o)) {
    frigate.observe(m);
    await c.publishAsync(m.topic, m.payload, { qos: 1 });
  }
  await c.endAsync();
  return frigateEventId(o);
}

beforeAll(async () => {
  frigate = await startFrigateSim({ city: loadCity() });
  server = await startTestServer({
    TRUST_PROXY: 'loopback',
    FRIGATE_BASE_URL: frigate.url,
    BASEMAP_PMTILES: buildStreetsPmtiles(),
  });
  const eventId = await publishCameraEvent();
  const op = await server.as('operator');
  for (const deadline = Date.now() + 20_000; ;) {
    const events = (await op.get(`/api/camera-events?camera=${CAMERA}&limit=100`)).body as { id: string }[];
    if (events.some((e) => e.id === eventId)) break;
    if (Date.now() > deadline) throw new Error(`camera event ${eventId} not stored`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.all(ROLE_ORDER.map((r) => server.as(r)));
  // the responder account really is a responder of its unit (the field rows act on it)
  expect((await server.as('responder')).user).toMatchObject({
    role: 'responder',
    unitId: server.responderUnit,
  });
  const devices = (await op.get('/api/devices?kind=air_quality')).body as { id: string }[];
  let n = 0;
  ctx = {
    server,
    deviceId: devices[0].id,
    operatorId: op.user!.id,
    unique: () => `${Date.now().toString(36)}${n++}`,
    eventId,
    seq: () => n++ % 250,
  };
});

afterAll(async () => {
  await server?.close();
  await frigate?.close();
});

const key = (method: string, path: string) => `${method} ${path}`;

describe('route table', () => {
  it('covers exactly the routes the server registered (Nest metadata and the Express router agree)', async () => {
    const doc = (await (await server.as('operator')).get('/api/docs')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => key(m.toUpperCase(), p.replace(/\{([^}]+)\}/g, ':$1'))),
    );
    // What Express will actually dispatch, independent of our document generator.
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const router = (server.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
    const mounted = router.stack
      .filter((l) => l.route?.path.startsWith('/api') || l.route?.path.startsWith('/public'))
      .flatMap((l) =>
        Object.keys(l.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => key(m.toUpperCase(), l.route!.path)),
      );
    expect([...new Set(mounted)].sort()).toEqual([...documented].sort());

    const table = ROUTES.map(([m, p]) => key(m, p));
    const missing = documented.filter((k) => !table.includes(k));
    const stale = table.filter((k) => !documented.includes(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(new Set(table).size).toBe(table.length);
  });

  it('documents each route with its method, auth requirement and minimum role', async () => {
    const doc = (await (await server.as('operator')).get('/api/docs')).body as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { 'x-public': boolean; 'x-min-role': Role | null; security: unknown[] }>
      >;
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    for (const [method, path, min] of ROUTES) {
      const op = doc.paths[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[method.toLowerCase()] as
        | { 'x-public': boolean; 'x-min-role': Role | null; 'x-responder-only': boolean; security: unknown[] }
        | undefined;
      expect({
        route: key(method, path),
        public: op?.['x-public'],
        minRole: op?.['x-min-role'],
        responderOnly: op?.['x-responder-only'],
      }).toEqual({
        route: key(method, path),
        public: min === 'public',
        minRole: min === 'public' ? null : min === 'field' ? 'responder' : min,
        responderOnly: min === 'field',
      });
      if (!op) continue;
      expect(op.security).toEqual(min === 'public' ? [] : [{ bearer: [] }]);
    }
    // Parameters and bodies come from the zod schemas that validate the requests.
    const d = doc as unknown as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string; schema: { enum?: string[] } }[];
            requestBody?: {
              content: Record<
                string,
                { schema: { properties: Record<string, { minLength?: number }>; required: string[] } }
              >;
            };
          }
        >
      >;
    };
    const kind = d.paths['/api/devices'].get.parameters.find((p) => p.name === 'kind');
    expect(kind).toMatchObject({ in: 'query', schema: { enum: expect.arrayContaining(['air_quality']) } });
    expect(d.paths['/api/devices/{id}'].get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path' }),
    ]);
    const create = d.paths['/api/users'].post.requestBody!.content['application/json'].schema;
    expect(create.properties.password.minLength).toBe(10);
    expect(create.required).toEqual(expect.arrayContaining(['username', 'role', 'password']));
  });
});

describe.each(ROUTES)('%s %s (min %s)', (method, path, min, sample) => {
  it(
    min === 'public'
      ? 'answers without a token'
      : '401 without a token, 403 to every role not allowed (a responder everywhere but its field view), 2xx at the minimum',
    async () => {
      const s = (await sample?.(ctx)) ?? {};
      if (path.includes(':') && !s.url) throw new Error(`${key(method, path)}: the row needs a sample url`);
      const url = s.url ?? path;
      const body = () => (method === 'GET' ? undefined : (s.makeBody?.() ?? s.body ?? {}));
      // Roles refused: those below the minimum (the responder below operator), or every console role on
      // a field route.
      const refused: Role[] =
        min === 'public'
          ? []
          : min === 'field'
            ? ROLE_ORDER.filter((r) => r !== 'responder')
            : ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(min));
      const results: Record<string, number> = {};
      if (min !== 'public') {
        results.anonymous = (await server.anonymous.request(method, url, body(), s.headers)).status;
        for (const role of refused)
          results[role] = (await (await server.as(role)).request(method, url, body(), s.headers)).status;
      }
      const atMin: Role | 'public' = min === 'field' ? 'responder' : min;
      const allowed = atMin === 'public' ? server.anonymous : await server.as(atMin);
      const ok = await allowed.request(method, url, body(), s.headers);
      results[atMin] = ok.status;
      const expected: Record<string, number> = {};
      if (min !== 'public') {
        expected.anonymous = 401;
        for (const role of refused) expected[role] = 403;
      }
      // 2xx is checked below; record the status here so a failure shows all of them at once.
      expected[atMin] = ok.status >= 200 && ok.status < 300 ? ok.status : -1;
      expect({ results, body: ok.status < 300 ? 'ok' : ok.body }).toEqual({ results: expected, body: 'ok' });
    },
  );
});
