import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { decode } from 'jpeg-js';
import type { MediaAccess, MediaAuditPage } from '@ioc/contracts/media.schema';
// The simulator's Frigate-compatible API is what these tests relay (docs/simulator.md).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startFrigateSim, type FrigateSim } from '../../city-sim/src/frigate-http.server';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { frigateEventMessages, frigateEventId, type TrackedObject } from '../../city-sim/src/frigate.encoder';
import { anyFreePort } from '../src/runtime/free-port.util';
import { makeRulesCity, testCamera, type RulesCity } from './support/rules-city';
import { mqttUrl } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Acceptance (issue 17): camera media through the server from the simulator's Frigate — content types,
// ranges, a dead or hanging Frigate answered 502/504 within 3 s while the rest of the API answers at once,
// roles, and an audit row for every access, allowed or refused.
jest.setTimeout(120_000);

const run = randomBytes(3).toString('hex');
const CLIP = readFileSync(join(__dirname, '../../city-sim/assets/frigate-clip.mp4'));
const cam = (name: string) => ({ ...testCamera(`cam-media-${name}-${run}`, 10.93, 108.1) });
const down = { ...cam('down'), frigate: { urlEnv: 'IOC_TEST_FRIGATE_DOWN_URL' } };
const locked = cam('auth');
const badAuth = cam('badauth');

let city: RulesCity;
let sim: FrigateSim;
let lockedSim: FrigateSim;
let hanging: Server;
const held: Socket[] = [];
let server: TestServer;
const market = 'cam-cho-phan-thiet';
let withClip = '';
let withoutClip = '';

async function publishEvents(objects: TrackedObject[], phases: number): Promise<void> {
  const c = await mqtt.connectAsync(mqttUrl(), { reconnectPeriod: 0 });
  for (const o of objects)
    for (const m of frigateEventMessages(o).slice(0, phases)) {
      sim.observe(m);
      await c.publishAsync(m.topic, m.payload, { qos: 1 });
    }
  await c.endAsync();
}

beforeAll(async () => {
  hanging = createServer((s) => held.push(s)); // accepts, never answers
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  const hangPort = (hanging.address() as { port: number }).port;
  process.env.IOC_TEST_FRIGATE_DOWN_URL = `http://127.0.0.1:${await anyFreePort()}`;
  process.env.IOC_TEST_FRIGATE_USER = 'ioc-server';
  process.env.IOC_TEST_FRIGATE_PASSWORD = 'frigate-secret-1';
  process.env.IOC_TEST_FRIGATE_WRONG = 'not-the-password';
  city = makeRulesCity({
    rules: [],
    cameras: [down, { ...cam('hang'), frigate: { url: `http://127.0.0.1:${hangPort}` } }, locked, badAuth],
  });
  sim = await startFrigateSim({ city: city.city });
  lockedSim = await startFrigateSim({
    city: city.city,
    auth: { user: 'ioc-server', password: 'frigate-secret-1' },
  });
  city.city.cameras.find((c) => c.id === locked.id)!.frigate = {
    url: lockedSim.url,
    userEnv: 'IOC_TEST_FRIGATE_USER',
    passwordEnv: 'IOC_TEST_FRIGATE_PASSWORD',
  };
  city.city.cameras.find((c) => c.id === badAuth.id)!.frigate = {
    url: lockedSim.url,
    userEnv: 'IOC_TEST_FRIGATE_USER',
    passwordEnv: 'IOC_TEST_FRIGATE_WRONG',
  };
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(city.dir, 'city.json'), JSON.stringify(city.city));
  server = await startTestServer({
    CITY_DIR: city.dir,
    FRIGATE_BASE_URL: sim.url,
    // operators are refused here (the default lets them view): the refusal path, recorded
    MEDIA_ROLES: 'supervisor,admin',
  });
  const camera = city.city.cameras.find((c) => c.id === market)!;
  const now = Date.now();
  const smoke: TrackedObject = {
    camera,
    label: 'smoke',
    startMs: now - 300_000,
    durationMs: 600_000,
    topScore: 0.8,
    seed: 17,
  };
  const person: TrackedObject = {
    camera,
    label: 'person',
    startMs: now - 200_000,
    durationMs: 600_000,
    topScore: 0.7,
    seed: 17,
  };
  withClip = frigateEventId(smoke);
  withoutClip = frigateEventId(person);
  await publishEvents([smoke], 2); // new + update: has a clip
  await publishEvents([person], 1); // new only: no clip yet
  const sup = await server.as('supervisor');
  for (const deadline = Date.now() + 20_000; ;) {
    const ids = (
      (await sup.get(`/api/camera-events?camera=${market}&limit=50`)).body as { id: string }[]
    ).map((e) => e.id);
    if (ids.includes(withClip) && ids.includes(withoutClip)) break;
    if (Date.now() > deadline) throw new Error('camera events not ingested');
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await server?.close();
  await sim?.close();
  await lockedSim?.close();
  for (const s of held) s.destroy();
  await new Promise((r) => hanging?.close(r));
  city?.cleanup();
});

/** A raw GET with a role's token (the api client reads bodies as text; media are bytes). */
async function raw(
  role: 'operator' | 'supervisor' | 'admin',
  path: string,
  headers: Record<string, string> = {},
) {
  const token = await server.token(role);
  return fetch(server.url + path, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

async function audit(query: string): Promise<MediaAccess[]> {
  const r = await (await server.as('admin')).get(`/api/media/audit?${query}`);
  expect(r.status).toBe(200);
  return (r.body as MediaAuditPage).items;
}

describe('media relay (simulated Frigate)', () => {
  it('latest frame, thumbnail and snapshot are JPEGs, private and never cached', async () => {
    for (const path of [
      `/api/media/cameras/${market}/latest.jpg`,
      `/api/media/cameras/${market}/latest.jpg?h=180`,
      `/api/media/events/${withClip}/thumbnail.jpg`,
      `/api/media/events/${withClip}/snapshot.jpg?bbox=1`,
    ]) {
      const r = await raw('supervisor', path);
      expect({ path, status: r.status, type: r.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: 'image/jpeg',
      });
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      const img = decode(Buffer.from(await r.arrayBuffer()), { useTArray: true });
      expect(img.width).toBeGreaterThan(100);
    }
  });

  it('clips stream as video/mp4; a Range request gives 206 with the bytes asked for', async () => {
    const full = await raw('supervisor', `/api/media/events/${withClip}/clip.mp4`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.compare(Buffer.from(await full.arrayBuffer()), CLIP)).toBe(0);
    const part = await raw('supervisor', `/api/media/events/${withClip}/clip.mp4`, {
      range: 'bytes=1000-1999',
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${CLIP.length}`);
    expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), CLIP.subarray(1000, 2000))).toBe(0);
    const beyond = await raw('supervisor', `/api/media/events/${withClip}/clip.mp4`, {
      range: `bytes=${CLIP.length + 10}-`,
    });
    expect(beyond.status).toBe(416);
  });

  it('an event without a clip: 404 "no clip for this event"', async () => {
    const r = await raw('supervisor', `/api/media/events/${withoutClip}/clip.mp4`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ statusCode: 404, message: 'no clip for this event' });
  });

  it('logs in to a Frigate with credentials (from the environment); wrong ones → 502 naming them', async () => {
    const ok = await raw('supervisor', `/api/media/cameras/${locked.id}/latest.jpg`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    const refused = await raw('supervisor', `/api/media/cameras/${badAuth.id}/latest.jpg`);
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { message: string }).message).toMatch(/credentials/);
  });

  it('refuses hostile ids and parameters: 400 naming the field, unknown camera/event 404', async () => {
    const sup = await server.as('supervisor');
    const cases: [string, number, string?][] = [
      [`/api/media/events/..%2F..%2Fapi%2Fconfig/snapshot.jpg`, 400, 'id'],
      [`/api/media/events/1607123955.475377-MXK/snapshot.jpg`, 400, 'id'],
      [`/api/media/events/${withClip}%00/thumbnail.jpg`, 400],
      [`/api/media/events/${'1'.repeat(13)}.1-abc/clip.mp4`, 400, 'id'],
      [`/api/media/cameras/..%2Fapi/latest.jpg`, 400, 'camera'],
      [`/api/media/cameras/cam_cho_phan_thiet@evil/latest.jpg`, 400, 'camera'],
      [`/api/media/cameras/${market}/latest.jpg?h=5`, 400, 'h'],
      [`/api/media/cameras/${market}/latest.jpg?url=http://169.254.169.254/`, 400, 'url'],
      [`/api/media/events/${withClip}/snapshot.jpg?bbox=2`, 400, 'bbox'],
      [`/api/media/cameras/cam-nowhere/latest.jpg`, 404],
      // the Frigate name is not our id: only city.json ids reach Frigate
      [`/api/media/cameras/cam_cho_phan_thiet/latest.jpg`, 404],
      [`/api/media/events/1607123955.475377-zzzzzz/thumbnail.jpg`, 404],
    ];
    for (const [path, status, field] of cases) {
      const r = await sup.get(path);
      expect({ path, status: r.status, field: (r.body as { field?: string }).field }).toEqual({
        path,
        status,
        field: status === 400 ? (field ?? (r.body as { field?: string }).field) : undefined,
      });
    }
    expect(sim.requests()).toBeGreaterThan(0);
  });

  it('a stopped Frigate → 502, a hanging one → 504, both within 3 s, while other routes answer at once', async () => {
    const hang = `/api/media/cameras/cam-media-hang-${run}/latest.jpg`;
    const start = Date.now();
    // a burst at the hanging NVR (more than its socket pool) and the dead one
    const slow = Array.from({ length: 20 }, () =>
      raw('supervisor', hang).then(async (r) => ({
        status: r.status,
        body: await r.json(),
        ms: Date.now() - start,
      })),
    );
    const dead = raw('supervisor', `/api/media/cameras/${down.id}/latest.jpg`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { message: string },
      ms: Date.now() - start,
    }));
    await new Promise((r) => setTimeout(r, 300));
    const op = await server.as('operator');
    for (const path of ['/api/health', '/api/city', `/api/devices/${market}`, '/api/incidents']) {
      const t0 = Date.now();
      const r = await op.get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      expect(Date.now() - t0).toBeLessThan(1000);
    }
    // another camera's media, on the healthy Frigate, is not held up either
    const t0 = Date.now();
    expect((await raw('supervisor', `/api/media/cameras/${market}/latest.jpg`)).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);

    const d = await dead;
    expect(d.status).toBe(502);
    expect(d.body.message).toMatch(/^camera unreachable: cannot connect to Frigate/);
    expect(d.ms).toBeLessThan(3000);
    for (const s of await Promise.all(slow)) {
      expect(s.status).toBe(504);
      expect(s.body).toMatchObject({ message: expect.stringMatching(/^camera unreachable: .*2500 ms/) });
      expect(s.ms).toBeLessThan(3000 + 300);
    }
  });
});

describe('access and audit', () => {
  it('operators are refused (403, MEDIA_ROLES) and each refusal is recorded', async () => {
    const before = await audit(`user=test-operator&outcome=denied`);
    for (const path of [
      `/api/media/cameras/${market}/latest.jpg`,
      `/api/media/events/${withClip}/snapshot.jpg`,
      `/api/media/events/${withClip}/clip.mp4`,
    ]) {
      const r = await raw('operator', path);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
      expect(r.headers.get('cache-control')).toBe('private, no-store');
    }
    const rows = await audit(`user=test-operator&outcome=denied`);
    expect(rows.length).toBe(before.length + 3);
    expect(rows.map((r) => [r.kind, r.camera, r.eventId, r.status, r.role]).sort()).toEqual(
      [
        ['clip', market, withClip, 403, 'operator'],
        ['latest', market, null, 403, 'operator'],
        ['snapshot', market, withClip, 403, 'operator'],
      ].sort(),
    );
  });

  it('every allowed access is recorded with user, role, camera, event, kind and outcome', async () => {
    const rows = await audit(`user=test-supervisor&limit=1000`);
    const has = (
      kind: string,
      outcome: string,
      status: number,
      camera: string | null,
      eventId: string | null,
    ) =>
      rows.some(
        (r) =>
          r.kind === kind &&
          r.outcome === outcome &&
          r.status === status &&
          r.camera === camera &&
          r.eventId === eventId &&
          r.username === 'test-supervisor' &&
          r.role === 'supervisor',
      );
    expect(has('latest', 'ok', 200, market, null)).toBe(true);
    expect(has('thumbnail', 'ok', 200, market, withClip)).toBe(true);
    expect(has('snapshot', 'ok', 200, market, withClip)).toBe(true);
    expect(has('clip', 'ok', 200, market, withClip)).toBe(true);
    expect(has('clip', 'ok', 206, market, withClip)).toBe(true);
    expect(has('clip', 'not_found', 404, market, withoutClip)).toBe(true);
    expect(has('latest', 'unavailable', 504, `cam-media-hang-${run}`, null)).toBe(true);
    expect(has('latest', 'unavailable', 502, down.id, null)).toBe(true);
    expect(has('latest', 'not_found', 404, 'cam-nowhere', null)).toBe(true);
    expect(has('thumbnail', 'not_found', 404, null, '1607123955.475377-zzzzzz')).toBe(true);
  });

  it('a live view refreshing every second folds into one row per minute, counted', async () => {
    const cameraId = `cam-media-auth-${run}`;
    const before = (await audit(`camera=${cameraId}&user=test-admin-none`)).length;
    expect(before).toBe(0);
    for (let i = 0; i < 5; i++)
      expect((await raw('admin', `/api/media/cameras/${cameraId}/latest.jpg`)).status).toBe(200);
    const rows = await audit(`camera=${cameraId}&user=${server.admin.username}&kind=latest`);
    expect(rows).toHaveLength(1);
    expect(rows[0].hits).toBe(5);
    expect(Date.parse(rows[0].lastTime)).toBeGreaterThanOrEqual(Date.parse(rows[0].time));
  });

  it('the audit is admin-only, filterable and paged', async () => {
    for (const role of ['operator', 'supervisor'] as const)
      expect((await (await server.as(role)).get('/api/media/audit')).status).toBe(403);
    const admin = await server.as('admin');
    const first = await admin.get('/api/media/audit?limit=2');
    expect(first.status).toBe(200);
    const p1 = first.body as MediaAuditPage;
    expect(p1.items).toHaveLength(2);
    expect(p1.nextBefore).toBe(p1.items[1].id);
    const p2 = (await admin.get(`/api/media/audit?limit=2&before=${p1.nextBefore}`)).body as MediaAuditPage;
    expect(p2.items[0].id).toBeLessThan(p1.items[1].id);
    const clips = await audit(`kind=clip&event=${withClip}&limit=1000`);
    expect(clips.length).toBeGreaterThan(0);
    expect(clips.every((r) => r.kind === 'clip' && r.eventId === withClip)).toBe(true);
    const future = await audit(`from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
    expect(future).toEqual([]);
    for (const [q, field] of [
      ['kind=everything', 'kind'],
      ['outcome=maybe', 'outcome'],
      ['limit=100000', 'limit'],
      ['before=-1', 'before'],
      ['from=yesterday', 'from'],
      ['sql=1', 'sql'],
    ]) {
      const r = await admin.get(`/api/media/audit?${q}`);
      expect({ q, status: r.status, field: (r.body as { field: string }).field }).toEqual({
        q,
        status: 400,
        field,
      });
    }
  });

  it('the city the console gets never names a Frigate (address or credentials)', async () => {
    const body = JSON.stringify((await (await server.as('operator')).get('/api/city')).body);
    expect(body).not.toContain('frigate"');
    expect(body).not.toContain(sim.url);
    expect(body).not.toContain('IOC_TEST_FRIGATE');
  });
});
