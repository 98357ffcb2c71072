import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/test-broker';
import { createTestDatabase, mqttUrl, sql, waitFor } from '../support/test-db';

// Acceptance 3: a CSV export of 1,000,000 readings streams while the server process (the built server,
// a separate process) stays under 300 MB resident memory, sampled every 50 ms during the download.
jest.setTimeout(300_000);

const root = join(__dirname, '../../../..');
const main = join(root, 'dist/apps/server/apps/server/src/main.js');
const ROWS = 1_000_000;
const LIMIT_MB = 300;
const run = Date.now().toString(36);
const password = `export-${run}-password`;

let db: { url: string; drop: () => Promise<void> };
let server: ChildProcess | null = null;
let port: number;

beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`server not built: ${main} (npm test builds it)`);
  db = await createTestDatabase();
  port = await freePort();
  server = spawn(process.execPath, [main], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      MQTT_URL: mqttUrl(),
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_CLIENT_ID: `ioc-export-${run}`,
      MQTT_SHARED_GROUP: `x${run}`,
      MQTT_SESSION_EXPIRY_S: '60',
      IOC_ADMIN_PASSWORD: password,
      SIM: 'false',
      LOG_LEVEL: 'warn',
      // api only: no ingest, so nothing but the export touches readings
      IOC_ROLES: 'api',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200,
    60_000,
    'server health',
  );
  // 1,000,000 rows in one statement: 100 devices × 2 metrics × 5,000 instants, 10 s apart
  await sql(
    db.url,
    `INSERT INTO readings (time, device_id, metric, value, unit, source, received_at)
     SELECT TIMESTAMPTZ '2026-02-01 00:00:00+00' + make_interval(secs => t * 10), 'x-' || d, m, d + t / 100.0,
            'ug/m3', 'senml', now()
       FROM generate_series(0, 4999) t, generate_series(1, 100) d, unnest(ARRAY['pm25', 'pm10']) m`,
  );
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  await db?.drop();
});

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

it(`streams ${ROWS.toLocaleString('en')} readings as CSV under ${LIMIT_MB} MB RSS`, async () => {
  const token = await accessToken();
  const pid = server!.pid!;
  let peak = rssMb(pid);
  const before = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 50);
  const started = Date.now();
  let lines = 0;
  let bytes = 0;
  let first = '';
  let lastLine = '';
  try {
    const res = await fetch(
      `http://127.0.0.1:${port}/api/exports/readings.csv?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let rest = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      const text = rest + decoder.decode(chunk, { stream: true });
      const parts = text.split('\r\n');
      rest = parts.pop()!;
      if (!first && parts.length) first = parts[0];
      lines += parts.length;
      if (parts.length) lastLine = parts[parts.length - 1];
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `readings CSV export: ${lines - 1} rows, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s; server RSS ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB`,
  );
  expect(first).toBe('\ufefftime,device_id,metric,value,value_text,unit,source');
  expect(lines).toBe(ROWS + 1);
  // CSV times are the city's wall clock with its offset (13:53:10Z = 20:53:10+07:00)
  expect(lastLine).toMatch(/^2026-02-01T20:53:10\+07:00,x-99,pm25,/);
  expect(peak).toBeLessThan(LIMIT_MB);
});

async function accessToken(): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  return ((await r.json()) as { accessToken: string }).accessToken;
}
