import mqtt from 'mqtt';
import type { LiveBbox } from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { DeviceLocationsService } from '../src/live/device-locations.service';
import { senml } from './support/feed-payloads';
import { liveClient, type LiveTestClient } from './support/live-client';
import { mqttUrl, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 14, "no amplification through one socket", with a client that reads: snapshots follow the
// client's bbox (also for `sensor:subscribe`), subscribes over the rate are deferred with the latest one
// winning, and a socket flooding subscribes is disconnected. (Acceptance 5 itself, a client that reads
// nothing, is live-amplify.spec.ts.)
jest.setTimeout(60_000);

let server: TestServer;
const clients: LiveTestClient[] = [];
// Two registered sensors of infra/city/city.json, ~1.5 km apart.
const A = 'pt-aq-01'; // 10.9262, 108.1003
const B = 'pt-aq-06'; // 10.9390, 108.0905
const AROUND_A: LiveBbox = [108.095, 10.92, 108.105, 10.93];
const AROUND_B: LiveBbox = [108.085, 10.935, 108.095, 10.945];

beforeAll(async () => {
  server = await startTestServer();
  const pub = await mqtt.connectAsync(mqttUrl(), { clientId: `ls-pub-${Date.now()}`, reconnectPeriod: 0 });
  const t = Date.now() - 60_000;
  for (const id of [A, B])
    await pub.publishAsync(`ioc/senml/${id}`, senml(id, [['pm25', 'ug/m3', 10, t]]), { qos: 1 });
  await pub.endAsync();
  const operator = await server.as('operator');
  await waitFor(
    async () => {
      const states = (await operator.get('/api/sensors/state')).body.states as SensorState[];
      return states.filter((s) => s.deviceId === A || s.deviceId === B).length === 2;
    },
    15_000,
    'both sensors in the live state',
  );
  // the registry positions (seeded from city.json) as the bbox filter sees them
  await server.app.get(DeviceLocationsService).refresh();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
});

async function client(): Promise<LiveTestClient> {
  const c = await liveClient(server.url, await server.token('operator'));
  clients.push(c);
  return c;
}

/** The ids of our two sensors in the next snapshot the client gets. */
function nextSnapshot(c: LiveTestClient): Promise<string[]> {
  return new Promise((resolve) =>
    c.socket.once('sensor:snapshot', ({ states }) =>
      resolve(
        states
          .map((s) => s.deviceId)
          .filter((id) => id === A || id === B)
          .sort(),
      ),
    ),
  );
}

it("filters sensor:subscribe's snapshot by the bbox given, or else by the latest live:subscribe's", async () => {
  const c = await client();
  await c.subscribe({ layers: ['incidents'], bbox: AROUND_A });
  let snap = nextSnapshot(c);
  c.socket.emit('sensor:subscribe');
  expect(await snap).toEqual([A]);

  snap = nextSnapshot(c);
  c.socket.emit('sensor:subscribe', { bbox: AROUND_B });
  expect(await snap).toEqual([B]);

  snap = nextSnapshot(c);
  c.socket.emit('sensor:subscribe', { bbox: null });
  expect(await snap).toEqual([A, B]);

  const error = new Promise<string>((r) => c.socket.once('live:error', (e) => r(e.message)));
  c.socket.emit('sensor:subscribe', { bbox: [1, 2] as unknown as LiveBbox });
  expect(await error).toMatch(/invalid sensor:subscribe: \[bbox/);
  expect(c.socket.connected).toBe(true);
});

it('defers subscribes over the rate: a burst is served, then only the latest request', async () => {
  const c = await client();
  let last: string[] = [];
  c.socket.on('sensor:snapshot', ({ states }) => {
    last = states.map((s) => s.deviceId).filter((id) => id === A || id === B);
  });
  // 20 at once, alternating areas; the last one asks for B's area
  for (let i = 0; i < 20; i++)
    c.socket.emit('live:subscribe', { layers: ['sensors'], bbox: i % 2 ? AROUND_B : AROUND_A });
  // burst of 5 at once, then the one deferred request (the 20th) when a token is back (~0.5 s)
  await waitFor(() => c.subscribed.length >= 6 && last.join() === B, 10_000, "the latest request's snapshot");
  expect(c.subscribed.length).toBe(6);
  expect(c.socket.connected).toBe(true);
});

it('disconnects a socket that floods subscribe requests', async () => {
  const c = await client();
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still connected'), 5000);
    c.socket.once('disconnect', resolve);
  });
  for (let i = 0; i < 100; i++) c.socket.emit('sensor:subscribe');
  // cut: the server drops what it queued and closes the connection (the close may overtake its packet)
  expect(await outcome).toMatch(/^(transport close|io server disconnect)$/);
  clearTimeout(timer);
  // fewer than the flood were ever served
  expect(c.subscribed.length).toBeLessThan(10);
});
