import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { makeRulesCity, testSensor, type RulesCity } from './support/rules-city';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 14 (CSV injection): a device can put any text into a reading (SenML `vs`), and that text reaches the
// readings CSV an operator opens in a spreadsheet. Text that a spreadsheet would run as a formula is
// neutralised; numbers, negative ones included, stay numbers.
jest.setTimeout(60_000);

const run = randomBytes(3).toString('hex');
const device = `csv-${run}`;
const PAYLOAD = `-2+3+cmd|' /C calc'!A0`;
let city: RulesCity;
let server: TestServer;
let pub: mqtt.MqttClient;

beforeAll(async () => {
  // a registered SenML station of its own (no rules: nothing else happens)
  city = makeRulesCity({
    sensors: [testSensor(device, 'generic', ['note', 'label', 'temp', 'code'], 10.93, 108.1)],
    rules: [],
  });
  server = await startTestServer({ CITY_DIR: city.dir });
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `csv-pub-${run}` });
});
afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  city?.cleanup();
});

it('readings.csv neutralises a -/+ formula sent as a string value and keeps negative numbers as numbers', async () => {
  const t = Math.floor(Date.now() / 1000);
  const pack = [
    { bn: `${device}:`, bt: t, n: 'note', vs: PAYLOAD },
    { n: 'label', vs: '=HYPERLINK("http://evil.example","x")', t: 1 },
    { n: 'temp', u: 'Cel', v: -12.5, t: 2 },
    { n: 'code', vs: '-12.5', t: 3 },
  ];
  await pub.publishAsync(`ioc/senml/${device}`, JSON.stringify(pack), { qos: 1 });
  await waitFor(
    async () =>
      Number(
        (
          await sql<{ n: string }>(
            server.databaseUrl,
            `SELECT count(*)::text AS n FROM readings WHERE device_id = $1`,
            [device],
          )
        )[0].n,
      ) === 4,
    15_000,
    'the four readings',
  );
  const from = new Date((t - 60) * 1000).toISOString();
  const to = new Date((t + 60) * 1000).toISOString();
  const op = await server.as('operator');
  const res = await fetch(
    `${server.url}/api/exports/readings.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&device=${device}`,
    { headers: { authorization: `Bearer ${op.token}` } },
  );
  expect(res.status).toBe(200);
  const lines = (await res.text())
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter(Boolean);
  expect(lines[0]).toBe('time,device_id,metric,value,value_text,unit,source');
  const byMetric = new Map(lines.slice(1).map((l) => [l.split(',')[2], l]));
  expect(byMetric.get('note')).toMatch(new RegExp(`,note,,'-2\\+3\\+cmd\\|' /C calc'!A0,,senml$`));
  expect(byMetric.get('label')).toContain(`,label,,"'=HYPERLINK(""http://evil.example"",""x"")",,senml`);
  expect(byMetric.get('temp')).toMatch(/,temp,-12\.5,,Cel,senml$/);
  expect(byMetric.get('code')).toMatch(/,code,,-12\.5,,senml$/);
  // no cell of the file starts a formula
  for (const line of lines.slice(1))
    for (const cell of line.split(','))
      expect(/^"?[=+@\t\r]|^"?-(?!\d+(\.\d+)?$)/.test(cell) ? cell : 'ok').toBe('ok');
});
