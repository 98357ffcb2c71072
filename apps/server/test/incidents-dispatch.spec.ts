import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentsService } from '../src/incidents/incidents.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let op: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ IOC_ROLES: 'api' });
  op = await server.as('operator');
});

afterAll(async () => {
  await server?.close();
});

/** Haversine written out here, independent of libs/domain: mean Earth radius 6 371 008.8 m. */
function greatCircleM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
}

// incident at the Cà Ty gauge, Chợ Phan Thiết
const scene = { lat: 10.9262, lon: 108.1016 };
// unit fixes: due north 0.01° (≈ 1112 m), due east 0.005° (≈ 546 m), 0.02°/0.02° away, and one at the scene
const fixes: Record<string, [number, number]> = {
  'fire-01': [10.9362, 108.1016],
  'fire-02': [10.9262, 108.1066],
  'fire-03': [10.9462, 108.1216],
  'police-01': [10.9262, 108.1016],
  'ambulance-01': [10.9312, 108.1016],
};

// units without a fix are ranked from their base (city.json)
const CITY = JSON.parse(readFileSync(join(__dirname, '../../../infra/city/city.json'), 'utf8')) as {
  units: { id: string; lat: number; lon: number }[];
};
const positionOf = (id: string): [number, number] => {
  const base = CITY.units.find((u) => u.id === id)!;
  return fixes[id] ?? [base.lat, base.lon];
};

async function placeUnits(): Promise<void> {
  const now = new Date().toISOString();
  for (const [id, [lat, lon]] of Object.entries(fixes)) {
    await sql(
      server.databaseUrl,
      `INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, source, received_at)
       VALUES ($1, $2, $3, $4, $5, 'owntracks', $1)`,
      [now, id, `unit/${id}`, lat, lon],
    );
  }
  // an older fix of fire-01 far away must not count
  await sql(
    server.databaseUrl,
    `INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, source, received_at)
     VALUES (now() - interval '1 hour', 'fire-01', 'unit/fire-01', 10.0, 107.0, 'owntracks', now())`,
  );
}

describe('nearest units and dispatch', () => {
  it('orders available units by hand-computed great-circle distance with ETA at the configured speed', async () => {
    await placeUnits();
    const { incidentId: id } = await server.app
      .get(IncidentsService)
      .raise(proposal({ lat: scene.lat, lon: scene.lon }));
    const r = await op.get(`/api/incidents/${id}/nearest-units`);
    expect(r.status).toBe(200);
    const expected = CITY.units
      .map(({ id: unitId }) => ({ unitId, d: greatCircleM(scene.lat, scene.lon, ...positionOf(unitId)) }))
      .sort((a, b) => a.d - b.d || (a.unitId < b.unitId ? -1 : 1));
    expect(r.body.map((s: { unit: { id: string } }) => s.unit.id)).toEqual(expected.map((e) => e.unitId));
    // the literal order of the units with a fix, as a reader can check on a map
    expect(expected.map((e) => e.unitId).filter((u) => u in fixes)).toEqual([
      'police-01',
      'fire-02',
      'ambulance-01',
      'fire-01',
      'fire-03',
    ]);
    expect(r.body.map((s: { atBase: boolean }) => s.atBase)).toEqual(
      expected.map((e) => !(e.unitId in fixes)),
    );
    expect(r.body[1].distanceM).toBeCloseTo(546.3, 0);
    r.body.forEach(
      (s: { unit: { id: string; type: string }; distanceM: number; etaS: number }, i: number) => {
        expect(s.distanceM).toBeCloseTo(expected[i].d, 3);
        // speeds from infra/city/incidents.yaml
        const kmh = { fire: 40, police: 45, ambulance: 45, traffic: 45, environment: 30, utility: 30 }[
          s.unit.type as 'fire'
        ]!;
        expect(s.etaS).toBe(Math.ceil(expected[i].d / (kmh / 3.6)));
      },
    );

    const fire = await op.get(`/api/incidents/${id}/nearest-units?type=fire&limit=2`);
    expect(fire.body.map((s: { unit: { id: string } }) => s.unit.id)).toEqual(['fire-02', 'fire-01']);

    // dispatched units are not suggested again; resolving frees them
    await op.post(`/api/incidents/${id}/ack`, {});
    expect(
      (await op.post(`/api/incidents/${id}/dispatch`, { unitIds: ['fire-02', 'police-01'] })).status,
    ).toBe(200);
    const after = await op.get(`/api/incidents/${id}/nearest-units`);
    expect(after.body.map((s: { unit: { id: string } }) => s.unit.id)).toEqual(
      expected.map((e) => e.unitId).filter((u) => u !== 'fire-02' && u !== 'police-01'),
    );
    const other = (await server.app.get(IncidentsService).raise(proposal({ lat: 10.93, lon: 108.1 })))
      .incidentId;
    const elsewhere = await op.get(`/api/incidents/${other}/nearest-units`);
    expect(
      elsewhere.body.some((s: { unit: { id: string } }) => ['fire-02', 'police-01'].includes(s.unit.id)),
    ).toBe(false);
    await op.post(`/api/incidents/${id}/resolve`, { note: 'xong' });
    const freed = await op.get(`/api/incidents/${id}/nearest-units`);
    expect(freed.body.map((s: { unit: { id: string } }) => s.unit.id)).toEqual(expected.map((e) => e.unitId));

    // units without a fix are at their base (atBase), with no position time
    const units = (await op.get('/api/units')).body as {
      id: string;
      lat: number | null;
      positionTime: string | null;
    }[];
    expect(units.find((u) => u.id === 'traffic-01')).toMatchObject({
      lat: 10.935,
      lon: 108.095,
      atBase: true,
      positionTime: null,
    });
    expect(units.find((u) => u.id === 'fire-01')).toMatchObject({
      lat: 10.9362,
      lon: 108.1016,
      atBase: false,
    });
  });

  it('validates the query', async () => {
    const { incidentId: id } = await server.app.get(IncidentsService).raise(proposal());
    expect((await op.get(`/api/incidents/${id}/nearest-units?type=tank`)).body.field).toBe('type');
    expect((await op.get(`/api/incidents/${id}/nearest-units?limit=0`)).body.field).toBe('limit');
    expect((await op.get(`/api/incidents/nope/nearest-units`)).status).toBe(404);
  });
});
