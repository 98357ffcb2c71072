import mqtt from 'mqtt';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CityService } from '../src/devices/city.service';
import type { BootContext } from '../src/config/boot.context';
import { DeviceMonitorService } from '../src/devices/device-monitor.service';
import { mqttUrl, sql, waitFor } from './support/test-db';
import type { ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let api: ApiClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  server = await startTestServer();
  api = await server.as('operator');
});

afterAll(async () => {
  await server?.close();
});

const CITY_DIR = join(__dirname, '../../../infra/city');

describe('GET /api/city', () => {
  it('serves the landmarks of city.json, and units with the time of their current status', async () => {
    const file = JSON.parse(readFileSync(join(CITY_DIR, 'city.json'), 'utf8')) as {
      landmarks: { id: string; name: string; lat: number; lon: number }[];
    };
    const city = (await api.get('/api/city')).body as { landmarks: unknown[] };
    expect(file.landmarks.length).toBeGreaterThanOrEqual(10);
    expect(city.landmarks).toEqual(file.landmarks);
    const units = (await api.get('/api/units')).body as { statusSince: string }[];
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(Date.parse(u.statusSince)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses to start on a city.json whose landmarks are invalid (duplicate id, latitude out of range)', () => {
    const base = JSON.parse(readFileSync(join(CITY_DIR, 'city.json'), 'utf8')) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'ioc-landmarks-'));
    try {
      writeFileSync(join(dir, 'wards.geojson'), readFileSync(join(CITY_DIR, 'wards.geojson')));
      const boot = { repoRoot: '/', config: { CITY_DIR: dir } } as unknown as BootContext;
      const lm = { id: 'x', name: 'X', lat: 10.93, lon: 108.1 };
      for (const landmarks of [[lm, lm], [{ ...lm, lat: 95 }]]) {
        writeFileSync(join(dir, 'city.json'), JSON.stringify({ ...base, landmarks }));
        expect(() => new CityService(boot)).toThrow(/invalid .*city\.json/);
      }
      writeFileSync(join(dir, 'city.json'), JSON.stringify({ ...base, landmarks: undefined }));
      expect(new CityService(boot).city.landmarks).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('device registry', () => {
  it('seeds the city devices and searches names ignoring diacritics', async () => {
    const cho = (await api.get(`/api/devices?q=${encodeURIComponent('cho phan thiet')}`)).body;
    expect(cho.length).toBeGreaterThan(0);
    expect(cho.every((d: { name: string }) => /chợ phan thiết/i.test(d.name))).toBe(true);
    const aq = (await api.get(`/api/devices?kind=air_quality`)).body;
    expect(aq.length).toBeGreaterThanOrEqual(15);
    expect(aq.every((d: { kind: string; lat: number }) => d.kind === 'air_quality' && d.lat > 10)).toBe(true);
    // LIKE wildcards in the query are plain characters
    expect((await api.get(`/api/devices?q=%25`)).body).toEqual([]);
    // the search also finds by ward name
    expect((await api.get(`/api/devices?q=${encodeURIComponent('Duc Long')}`)).body.length).toBeGreaterThan(
      0,
    );
  });

  it('marks a device offline after 3x its expected interval of silence, and online again on data', async () => {
    const dev = `quiet-${run}`;
    const pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-dev-${run}` });
    const send = (v: number) =>
      pub.publishAsync(`ioc/senml/${dev}`, JSON.stringify([{ bn: `${dev}:`, n: 'pm25', u: 'ug/m3', v }]), {
        qos: 1,
      });
    await send(10);
    await waitFor(
      async () =>
        (await sql(server.databaseUrl, `SELECT 1 FROM devices WHERE id = $1 AND status = 'online'`, [dev]))
          .length === 1,
      15_000,
      'online',
    );
    // 60 s expected interval, last heard 4 minutes ago → silent for more than 3x
    await sql(
      server.databaseUrl,
      `UPDATE devices SET expected_interval_s = 60, last_seen = now() - interval '4 minutes' WHERE id = $1`,
      [dev],
    );
    const gone = await server.app.get(DeviceMonitorService).check();
    expect(gone).toContain(dev);
    const d = (await api.get(`/api/devices/${dev}`)).body;
    expect(d.status).toBe('offline');
    await send(11);
    await waitFor(
      async () => (await api.get(`/api/devices/${dev}`)).body.status === 'online',
      15_000,
      'back online',
    );
    const events = await sql<{ kind: string }>(
      server.databaseUrl,
      'SELECT kind FROM device_events WHERE device_id = $1 ORDER BY time',
      [dev],
    );
    expect(events.map((e) => e.kind)).toEqual(['offline', 'online']);
    await pub.endAsync();
  });
});
