import type { CityUnit } from '@ioc/contracts/city.schema';
import { unitAssignmentTopic, type UnitAssignment } from '@ioc/contracts/unit-assignment.schema';
import { haversineM } from '@ioc/domain/geo';
import mqtt from 'mqtt';
import { randomBytes } from 'node:crypto';
import { startDispatchFollower, type DispatchFollower } from '../src/unit-dispatch.follower';

// A real broker (the local Mosquitto of the test environment): the follower takes the retained
// assignment the server would push and drives the unit there and back, over OwnTracks.
jest.setTimeout(30_000);
const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const id = `fire-t${randomBytes(3).toString('hex')}`;
const unit: CityUnit = {
  id,
  name: 'Xe chữa cháy thử',
  type: 'fire',
  baseName: 'Đội PCCC',
  lat: 10.937,
  lon: 108.099,
  tracker: `unit/${id}`,
};
const market = { lat: 10.9262, lon: 108.1003 };

let follower: DispatchFollower;
let server: mqtt.MqttClient;
const fixes: { lat: number; lon: number; vel: number; tst: number }[] = [];

beforeAll(async () => {
  server = await mqtt.connectAsync(url, { clientId: `srv-${id}`, reconnectPeriod: 0 });
  await server.subscribeAsync(`owntracks/${unit.tracker}`, { qos: 1 });
  server.on('message', (_t, p) => fixes.push(JSON.parse(p.toString('utf8'))));
  follower = await startDispatchFollower({
    url,
    units: [unit],
    seed: 1,
    timeScale: 40,
    positionOf: () => ({ lat: unit.lat, lon: unit.lon }),
  });
});

afterAll(async () => {
  await follower?.stop();
  // clear the retained assignment
  await server?.publishAsync(unitAssignmentTopic(id), '', { qos: 1, retain: true });
  await server?.endAsync();
});

const assignment = (incident: UnitAssignment['incident'], status: UnitAssignment['status']): string =>
  JSON.stringify({
    unitId: id,
    status,
    incident,
    base: { lat: unit.lat, lon: unit.lon, name: unit.baseName },
    time: new Date().toISOString(),
  } satisfies UnitAssignment);

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('drives a dispatched unit to the incident with decreasing distance, then back to base when freed', async () => {
  expect(follower.connected).toBe(1);
  expect(follower.owns(id)).toBe(false);
  const incident = {
    id: 'INC-T-1',
    lat: market.lat,
    lon: market.lon,
    category: 'fire' as const,
    severity: 'Severe' as const,
    title: 'Cháy chợ',
  };
  await server.publishAsync(unitAssignmentTopic(id), assignment(incident, 'dispatched'), {
    qos: 1,
    retain: true,
  });
  // 1.2 km at ~38 km/h ×40 ≈ 3 s
  await until(() => fixes.some((f) => haversineM(f, market) < 5), 15_000, 'arrival');
  expect(follower.owns(id)).toBe(true);
  const toScene = fixes.map((f) => haversineM(f, market));
  expect(toScene[0]).toBeGreaterThan(1000);
  for (let i = 1; i < toScene.length; i++) expect(toScene[i]).toBeLessThanOrEqual(toScene[i - 1] + 1e-6);
  expect(fixes.filter((f) => f.vel > 0).every((f) => f.vel >= 30 && f.vel <= 50)).toBe(true);
  expect(new Set(fixes.map((f) => f.tst)).size).toBe(fixes.length);

  // an invalid or forged message does not move it
  const n = fixes.length;
  await server.publishAsync(unitAssignmentTopic(id), JSON.stringify({ unitId: 'fire-01', incident: null }), {
    qos: 1,
  });
  await new Promise((r) => setTimeout(r, 1500));
  expect(fixes.slice(n).every((f) => haversineM(f, market) < 5)).toBe(true);

  // resolved: the assignment is cleared, the unit drives back and is handed back to the simulation
  fixes.length = 0;
  await server.publishAsync(unitAssignmentTopic(id), assignment(null, 'available'), { qos: 1, retain: true });
  await until(() => !follower.owns(id), 15_000, 'back at base');
  const home = fixes.map((f) => haversineM(f, unit));
  expect(home[home.length - 1]).toBeLessThan(5);
  for (let i = 1; i < home.length; i++) expect(home[i]).toBeLessThanOrEqual(home[i - 1] + 1e-6);
});
