import { DispatchPlanSchema } from '@ioc/contracts/dispatch-plan.dto';
import { UnitAssignmentSchema, unitAssignmentTopic } from '@ioc/contracts/unit-assignment.schema';
import { UnitSchema } from '@ioc/contracts/unit.schema';
import mqtt from 'mqtt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentsService } from '../src/incidents/incidents.service';
import { UnitAvlService } from '../src/incidents/unit-avl.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { freePort } from './support/test-broker';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Dispatch by need on a fresh deployment (no tracker has reported: units at their bases), the unit
// assignments the server pushes over MQTT (embedded aedes and its access rules) and AVL arrival.
jest.setTimeout(90_000);

const CITY = JSON.parse(readFileSync(join(__dirname, '../../../infra/city/city.json'), 'utf8')) as {
  units: { id: string; type: string; lat: number; lon: number; baseName: string }[];
};
// Chợ Phan Thiết (the market-fire scenario's place)
const market = { lat: 10.9262, lon: 108.1003 };

let server: TestServer;
let op: ApiClient;
let url: string;
const clients: mqtt.MqttClient[] = [];

beforeAll(async () => {
  // no simulator, no tracker: nothing in unit_positions
  server = await startTestServer({ MQTT_URL: '', MQTT_PORT: String(await freePort()) });
  op = await server.as('operator');
  url = server.boot.mqttUrl;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  await server?.close();
});

/** Haversine written out here, independent of libs/domain. */
function greatCircleM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

const raise = async (over: Parameters<typeof proposal>[0] = {}) =>
  (await server.app.get(IncidentsService).raise(proposal({ ...market, ...over }))).incidentId;

/** A device connected to the embedded broker under a user name (the broker does not verify device names). */
async function device(username: string): Promise<mqtt.MqttClient> {
  const c = await mqtt.connectAsync(url, {
    clientId: `dp-${username}-${Math.random().toString(36).slice(2, 8)}`,
    username,
    reconnectPeriod: 0,
  });
  clients.push(c);
  return c;
}

describe('without any tracker', () => {
  it('nearest-units lists every unit at its base, nearest first, marked atBase (not capped at 5)', async () => {
    expect((await sql(server.databaseUrl, 'SELECT 1 FROM unit_positions')).length).toBe(0);
    const id = await raise();
    const r = await op.get(`/api/incidents/${id}/nearest-units`);
    expect(r.status).toBe(200);
    const expected = CITY.units
      .map((u) => ({ id: u.id, d: greatCircleM(market, u) }))
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
    expect(r.body.map((c: { unit: { id: string } }) => c.unit.id)).toEqual(expected.map((e) => e.id));
    expect(r.body).toHaveLength(13);
    for (const [i, c] of (r.body as { unit: unknown; distanceM: number; atBase: boolean }[]).entries()) {
      const unit = UnitSchema.parse(c.unit);
      const base = CITY.units.find((u) => u.id === unit.id)!;
      expect(c.atBase).toBe(true);
      expect(unit).toMatchObject({ atBase: true, lat: base.lat, lon: base.lon, baseName: base.baseName });
      expect(unit.positionTime).toBeNull();
      expect(c.distanceM).toBeCloseTo(expected[i].d, 3);
    }
    expect((await op.get(`/api/incidents/${id}/nearest-units?limit=3`)).body).toHaveLength(3);
    // /api/units places them at their bases too
    const units = (await op.get('/api/units')).body as { id: string; atBase: boolean; statusSince: string }[];
    expect(units).toHaveLength(13);
    expect(units.every((u) => u.atBase && !Number.isNaN(Date.parse(u.statusSince)))).toBe(true);
  });

  it('a Severe fire proposes two fire engines first, an ambulance and traffic police — never the nearer police patrol', async () => {
    const id = await raise({ category: 'fire', severity: 'Severe' });
    const r = await op.get(`/api/incidents/${id}/dispatch-plan`);
    expect(r.status).toBe(200);
    const plan = DispatchPlanSchema.parse(r.body);
    expect(plan.needs).toEqual([
      { type: 'fire', count: 2 },
      { type: 'ambulance', count: 1 },
      { type: 'traffic', count: 1 },
    ]);
    expect(plan.needs[0].type).toBe('fire');
    // the nearest unit of all is a police patrol; it is listed, not proposed
    expect(plan.candidates[0].unit.type).toBe('police');
    expect(plan.candidates[0].proposed).toBe(false);
    const proposed = plan.candidates.filter((c) => c.proposed).map((c) => c.unit.id);
    // fire-01/02 share the PCCC Phan Thiết base; ambulance-01 is nearer than -02; traffic-01/02 share a base
    expect(proposed.sort()).toEqual(['ambulance-01', 'fire-01', 'fire-02', 'traffic-01']);
    expect(plan.candidates.filter((c) => c.unit.type === 'police').some((c) => c.proposed)).toBe(false);
    expect(plan.unmet).toEqual([]);
    // nearest-units carries the same proposal
    const nearest = (await op.get(`/api/incidents/${id}/nearest-units`)).body as {
      unit: { id: string };
      proposed: boolean;
    }[];
    expect(
      nearest
        .filter((c) => c.proposed)
        .map((c) => c.unit.id)
        .sort(),
    ).toEqual(proposed.sort());

    // once one engine works it, the plan proposes only the second (and not the one already sent)
    await op.post(`/api/incidents/${id}/ack`, {});
    expect((await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['fire-01'] })).status).toBe(200);
    const after = DispatchPlanSchema.parse((await op.get(`/api/incidents/${id}/dispatch-plan`)).body);
    expect(after.working).toEqual([{ type: 'fire', count: 1 }]);
    expect(after.candidates.some((c) => c.unit.id === 'fire-01')).toBe(false);
    expect(
      after.candidates.filter((c) => c.proposed && c.unit.type === 'fire').map((c) => c.unit.id),
    ).toEqual(['fire-02']);
    await (await server.as('supervisor')).post(`/api/incidents/${id}/cancel`, { reason: 'test' });
  });

  it('a minor fire proposes one engine; "other" pre-ticks nothing; air quality the environment team', async () => {
    const proposedOf = async (over: Parameters<typeof proposal>[0]) =>
      DispatchPlanSchema.parse((await op.get(`/api/incidents/${await raise(over)}/dispatch-plan`)).body)
        .candidates.filter((c) => c.proposed)
        .map((c) => c.unit.id);
    expect(await proposedOf({ category: 'fire', severity: 'Minor' })).toEqual(['fire-01']);
    expect(await proposedOf({ category: 'other', severity: 'Extreme' })).toEqual([]);
    expect(await proposedOf({ category: 'air_quality', severity: 'Severe' })).toEqual(['environment-01']);
  });

  it('refuses unknown incidents and unknown query keys', async () => {
    expect((await op.get('/api/incidents/INC-nope/dispatch-plan')).status).toBe(404);
    const id = await raise();
    const bad = await op.get(`/api/incidents/${id}/dispatch-plan?limit=2`);
    expect(bad.status).toBe(400);
    expect((await op.get(`/api/incidents/${id}/nearest-units?limit=5000`)).body.field).toBe('limit');
  });
});

describe('unit assignments over MQTT and arrival from the tracker', () => {
  it('pushes the assignment to the unit’s own retained topic; AVL puts it en route and on scene; resolve clears it', async () => {
    const id = await raise({ category: 'fire', severity: 'Severe' });
    await op.post(`/api/incidents/${id}/ack`, {});
    expect((await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['fire-02'] })).status).toBe(200);

    // the unit's terminal reads its retained assignment
    const mdt = await device('fire-02');
    const seen: unknown[] = [];
    mdt.on(
      'message',
      (topic, p) => topic === unitAssignmentTopic('fire-02') && seen.push(JSON.parse(String(p))),
    );
    await mdt.subscribeAsync(unitAssignmentTopic('fire-02'), { qos: 1 });
    const first = await waitFor(
      () => seen.map((s) => UnitAssignmentSchema.parse(s)).find((a) => a.incident?.id === id) ?? null,
      10_000,
      'the retained assignment',
    );
    expect(first).toMatchObject({
      unitId: 'fire-02',
      status: 'dispatched',
      incident: { id, lat: market.lat, lon: market.lon, category: 'fire', severity: 'Severe' },
      base: { lat: 10.937, lon: 108.099 },
    });

    // the tracker drives: a moving fix → en route; a fix at the scene → on scene (recorded by "avl")
    const avl = server.app.get(UnitAvlService);
    const fix = (lat: number, lon: number, speed: number) =>
      sql(
        server.databaseUrl,
        `INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, speed, source, received_at)
         VALUES (clock_timestamp(), 'fire-02', 'unit/fire-02', $1, $2, $3, 'owntracks', clock_timestamp())`,
        [lat, lon, speed],
      );
    await fix(10.934, 108.0995, 40);
    expect(await avl.check()).toEqual([{ unitId: 'fire-02', incidentId: id, status: 'en_route' }]);
    expect(await avl.check()).toEqual([]); // still on its way
    await fix(market.lat + 0.0003, market.lon, 5); // ≈ 33 m from the incident
    expect(await avl.check()).toEqual([{ unitId: 'fire-02', incidentId: id, status: 'on_scene' }]);
    const detail = (await op.get(`/api/incidents/${id}`)).body;
    expect(detail.status).toBe('on_scene');
    expect(detail.units).toEqual([
      expect.objectContaining({ id: 'fire-02', status: 'on_scene', atBase: false }),
    ]);
    const avlRows = detail.timeline.filter((e: { actor: string }) => e.actor === 'avl');
    expect(avlRows.map((e: { action: string }) => e.action)).toEqual(['en_route', 'on_scene']);
    await waitFor(
      () => seen.map((s) => UnitAssignmentSchema.parse(s)).some((a) => a.status === 'on_scene'),
      10_000,
      'the on-scene assignment',
    );

    // resolved: the unit is free, its assignment says so (drive back to base)
    await op.post(`/api/incidents/${id}/resolve`, { note: 'dập tắt' });
    await waitFor(
      () =>
        seen
          .map((s) => UnitAssignmentSchema.parse(s))
          .some((a) => a.incident === null && a.status === 'available'),
      10_000,
      'the cleared assignment',
    );
    // the server's own assignments come back through its ioc/# subscription: skipped, never dead letters
    expect(
      await sql(server.databaseUrl, `SELECT topic FROM dead_letters WHERE topic LIKE 'ioc/units/%'`),
    ).toEqual([]);
  });

  it('releases one unit back into service while the incident goes on; refuses a unit of another incident', async () => {
    const id = await raise({ category: 'traffic', severity: 'Severe' });
    await op.post(`/api/incidents/${id}/ack`, {});
    await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['traffic-01', 'ambulance-01'] });
    await op.post(`/api/incidents/${id}/unit-status`, { unitId: 'traffic-01', status: 'on_scene' });
    const r = await op.post(`/api/incidents/${id}/unit-status`, {
      unitId: 'ambulance-01',
      status: 'available',
    });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('on_scene');
    expect(r.body.units.map((u: { id: string }) => u.id)).toEqual(['traffic-01']);
    expect(r.body.timeline.at(-1)).toMatchObject({ action: 'unit_status', actor: 'test-operator' });
    const units = (await op.get('/api/units')).body as {
      id: string;
      status: string;
      incidentId: string | null;
    }[];
    expect(units.find((u) => u.id === 'ambulance-01')).toMatchObject({
      status: 'available',
      incidentId: null,
    });
    // not (or no longer) working this incident: 409
    const again = await op.post(`/api/incidents/${id}/unit-status`, {
      unitId: 'ambulance-01',
      status: 'available',
    });
    expect(again.status).toBe(409);
    expect(
      (await op.post(`/api/incidents/${id}/unit-status`, { unitId: 'police-01', status: 'available' }))
        .status,
    ).toBe(409);
    expect(
      (await op.post(`/api/incidents/${id}/unit-status`, { unitId: 'traffic-01', status: 'off_duty' })).body
        .field,
    ).toBe('status');
    await (await server.as('supervisor')).post(`/api/incidents/${id}/cancel`, { reason: 'test' });
  });

  it('a fix from before the dispatch never counts as an arrival', async () => {
    await sql(
      server.databaseUrl,
      `INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, speed, source, received_at)
       VALUES (clock_timestamp(), 'ambulance-02', 'unit/ambulance-02', $1, $2, 0, 'owntracks', clock_timestamp())`,
      [market.lat, market.lon],
    );
    const id = await raise({ category: 'fire', severity: 'Severe' });
    await op.post(`/api/incidents/${id}/ack`, {});
    await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['ambulance-02'] });
    expect(await server.app.get(UnitAvlService).check()).toEqual([]);
    expect((await op.get(`/api/incidents/${id}`)).body.units[0].status).toBe('dispatched');
    await (await server.as('supervisor')).post(`/api/incidents/${id}/cancel`, { reason: 'test' });
  });

  it('a tracker cannot read another unit’s assignment nor publish one (the broker disconnects it)', async () => {
    const id = await raise({ category: 'security', severity: 'Severe' });
    await op.post(`/api/incidents/${id}/ack`, {});
    await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['police-02'] });

    // police-01 subscribes to every assignment and to police-02's by name: it gets only its own
    const spy = await device('police-01');
    const topics: string[] = [];
    spy.on('message', (t) => topics.push(t));
    // naming another unit's topic is refused outright (SUBACK 0x80); wildcards are filtered per message
    await expect(spy.subscribeAsync(unitAssignmentTopic('police-02'), { qos: 1 })).rejects.toThrow(
      /subscribe error/i,
    );
    await spy.subscribeAsync({ 'ioc/units/+/assignment': { qos: 1 }, '#': { qos: 1 } });
    await waitFor(() => topics.includes(unitAssignmentTopic('police-01')), 10_000, 'its own assignment');
    // a fresh dispatch of police-02 is not forwarded to police-01 either
    const other = await raise({ category: 'security', severity: 'Minor', lat: 10.93, lon: 108.1 });
    await op.post(`/api/incidents/${other}/ack`, {});
    await op.post(`/api/incidents/${other}/dispatch`, { unitIds: ['police-03'] });
    const own = await device('police-03');
    const ownSeen: string[] = [];
    own.on('message', (t) => ownSeen.push(t));
    await own.subscribeAsync(unitAssignmentTopic('police-03'), { qos: 1 });
    await waitFor(() => ownSeen.length > 0, 10_000, 'police-03 its assignment');
    expect(
      topics.filter((t) => t.includes('/assignment')).every((t) => t === unitAssignmentTopic('police-01')),
    ).toBe(true);

    // police-02 forging its own assignment (or another's): disconnected, nothing delivered
    for (const target of ['police-02', 'fire-01']) {
      const forger = await device('police-02');
      let closed = false;
      forger.once('close', () => (closed = true));
      forger.publish(
        unitAssignmentTopic(target),
        JSON.stringify({ unitId: target, status: 'available', incident: null }),
        { qos: 1, retain: true },
      );
      await waitFor(() => closed, 10_000, 'the broker closing the forger');
    }
    const check = await device('police-02');
    const got: unknown[] = [];
    check.on('message', (_t, p) => got.push(JSON.parse(String(p))));
    await check.subscribeAsync(unitAssignmentTopic('police-02'), { qos: 1 });
    const a = await waitFor(
      () => (got.length ? UnitAssignmentSchema.parse(got[0]) : null),
      10_000,
      'retained',
    );
    expect(a).toMatchObject({ unitId: 'police-02', status: 'dispatched', incident: { id } });
  });
});
