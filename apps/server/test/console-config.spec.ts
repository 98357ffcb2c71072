import { ConsoleConfigSchema } from '@ioc/contracts/console-config.dto';
import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './support/test-server';

// GET /api/config hands the console the city's time zone from the incidents config (one source of truth,
// infra/city/incidents.yaml), not a constant compiled into the console.
jest.setTimeout(60_000);

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function configOf(env: Record<string, string>) {
  const server = await startTestServer({ IOC_ROLES: 'api', ...env });
  servers.push(server);
  const r = await (await server.as('operator')).get('/api/config');
  expect(r.status).toBe(200);
  return ConsoleConfigSchema.parse(r.body);
}

describe('GET /api/config', () => {
  it('sends the time zone configured in the incidents config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-tz-'));
    writeFileSync(join(dir, 'incidents.yaml'), 'timeZone: Asia/Bangkok\n');
    const config = await configOf({ INCIDENTS_CONFIG_FILE: join(dir, 'incidents.yaml') });
    expect(config.timeZone).toBe('Asia/Bangkok');
    expect(config.basemapStyleUrl).toBe('/api/basemap/style.json');
    // no BASEMAP_PMTILES: the console keeps the offline demo style
    expect(config.basemapPmtilesUrl).toBeUndefined();
  });

  it("sends the city's default zone with the shipped config", async () => {
    expect((await configOf({})).timeZone).toBe(CITY_TIME_ZONE);
  });
});
