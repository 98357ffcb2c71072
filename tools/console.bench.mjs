// Console benchmark (run by `npm run bench -- console`): the built server and console in headless
// Chromium at 1920×1080, with N synthetic sensors (default 10,000) added to the city and every one of
// them updated once a second for S seconds (default 60) through the same store path the live socket
// uses (`onDelta` → SensorStateStore → FrameBatcher → MapLibre setData). Records the longest
// main-thread task (PerformanceObserver 'longtask'), frame intervals (requestAnimationFrame) and JS heap.
// The deltas are generated in the page, so network and socket.io decoding are not part of the figure.
// Env: DATABASE_URL (admin), MQTT_URL, BENCH_OUT, CHROMIUM_PATH, BENCH_CONSOLE_POINTS, BENCH_CONSOLE_SECONDS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const POINTS = Number(process.env.BENCH_CONSOLE_POINTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_CONSOLE_SECONDS ?? 60);
const admin = process.env.DATABASE_URL;
if (!admin || !process.env.MQTT_URL)
  throw new Error('DATABASE_URL and MQTT_URL are required (tools/bench.mjs)');
const main = join(root, 'dist/apps/server/apps/server/src/main.js');
// The e2e build of the console: it has the test hooks (window.__iocSensors / __iocMap) this benchmark drives.
const CONSOLE_DIR = 'dist/apps/console-e2e';
if (!existsSync(main) || !existsSync(join(root, CONSOLE_DIR, 'index.html')))
  throw new Error('server or console (console:build-e2e) not built');

const adminQuery = async (sql) => {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const dbName = `cbench_${randomBytes(5).toString('hex')}`;
await adminQuery(`CREATE DATABASE ${dbName}`);
const dbUrl = new URL(admin);
dbUrl.pathname = `/${dbName}`;
const port = await freePort();
const password = `bench-${randomBytes(9).toString('hex')}`;
const id = randomBytes(4).toString('hex');
let out = '';
const server = spawn(process.execPath, [main], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    SIM: 'false',
    MQTT_CLIENT_ID: `ioc-cbench-${id}`,
    MQTT_SHARED_GROUP: `cb${id}`,
    MQTT_SESSION_EXPIRY_S: '0',
    LOG_LEVEL: 'warn',
    IOC_ADMIN_USERNAME: 'admin',
    IOC_ADMIN_PASSWORD: password,
    CONSOLE_DIR,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => (out += d));
server.stderr.on('data', (d) => (out += d));
const url = `http://127.0.0.1:${port}`;

let browser;
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server not healthy: ${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--enable-precise-memory-info',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const browserVersion = browser.version();
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  // The city as the server has it, plus N synthetic air-quality sensors spread over it.
  await page.route('**/api/city', async (route) => {
    const res = await route.fetch();
    const city = await res.json();
    const [lat0, lon0] = city.center;
    const ward = city.wards[0]?.id ?? 'w';
    for (let i = 0; i < POINTS; i++) {
      // deterministic spread over ~11 × 11 km
      const a = ((i * 7919) % POINTS) / POINTS;
      const b = ((i * 104729) % POINTS) / POINTS;
      city.sensors.push({
        id: `bench-${i}`,
        name: `Bench ${i}`,
        kind: 'air_quality',
        ward,
        lat: lat0 - 0.05 + a * 0.1,
        lon: lon0 - 0.05 + b * 0.1,
        metrics: ['pm25'],
        expectedIntervalS: 1,
        format: 'senml',
      });
    }
    await route.fulfill({ response: res, json: city });
  });
  await page.goto(url);
  await page.fill('[data-testid="login-username"]', 'admin');
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForFunction(
    () => !!window.__iocMap?.getSource('incidents') && !!window.__iocSensors,
    undefined,
    {
      timeout: 60_000,
    },
  );

  // BENCH_CONSOLE_PROFILE=1: sample the main thread and print where its time went (not recorded).
  const cdp = process.env.BENCH_CONSOLE_PROFILE === '1' ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const loadBefore = loadavg()[0];
  const result = await page.evaluate(
    async ({ points, seconds }) => {
      const longtasks = [];
      const obs = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) longtasks.push({ at: e.startTime, ms: e.duration });
      });
      obs.observe({ type: 'longtask', buffered: false });
      const frames = [];
      let last = performance.now();
      let running = true;
      const onFrame = (t) => {
        frames.push({ at: t, ms: t - last });
        last = t;
        if (running) requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
      const start = performance.now();
      const heap = [];
      let tick = 0;
      const push = () => {
        const time = new Date().toISOString();
        const states = new Array(points);
        for (let i = 0; i < points; i++)
          states[i] = {
            deviceId: `bench-${i}`,
            metrics: {
              pm25: { value: Math.round((5 + ((i + tick * 37) % 300)) * 10) / 10, unit: 'ug/m3', time },
            },
          };
        tick++;
        window.__iocSensors.applyDelta(states);
        heap.push(performance.memory?.usedJSHeapSize ?? null);
      };
      push();
      const timer = setInterval(push, 1000);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      clearInterval(timer);
      running = false;
      obs.disconnect();
      const rendered = window.__iocMap.queryRenderedFeatures({ layers: ['sensors'] }).length;
      const q = (arr, p) => {
        if (!arr.length) return null;
        const s = [...arr].sort((x, y) => x - y);
        return s[Math.min(s.length - 1, Math.floor(p * s.length))];
      };
      const warm = start + 5000;
      const iv = frames.filter((f) => f.at > start).map((f) => f.ms);
      const lt = longtasks.filter((t) => t.at >= start);
      const steady = lt.filter((t) => t.at >= warm);
      const heapMb = heap.filter((h) => h !== null).map((h) => h / 2 ** 20);
      return {
        ticks: tick,
        renderedSensorFeatures: rendered,
        longestTaskMs: lt.length ? Math.max(...lt.map((t) => t.ms)) : 0,
        longestSteadyTaskMs: steady.length ? Math.max(...steady.map((t) => t.ms)) : 0,
        longTasks: lt.length,
        longTasksOver50ms: lt.filter((t) => t.ms > 50).length,
        frames: iv.length,
        fps: iv.length / seconds,
        frameMs: { p50: q(iv, 0.5), p95: q(iv, 0.95), max: iv.length ? Math.max(...iv) : null },
        heapMb: {
          start: heapMb[0] ?? null,
          end: heapMb[heapMb.length - 1] ?? null,
          max: heapMb.length ? Math.max(...heapMb) : null,
        },
      };
    },
    { points: POINTS, seconds: SECONDS },
  );
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0) * dt);
    }
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [k, ms] of top) console.error(`${ms.toFixed(0).padStart(7)} ms  ${k}`);
  }
  const round = (n) => (typeof n === 'number' ? Math.round(n * 10) / 10 : n);
  const r = {
    config: { points: POINTS, seconds: SECONDS, viewport: '1920x1080' },
    browser: `Chromium ${browserVersion}, headless, SwiftShader software GL (--disable-gpu)`,
    load: { before: round(loadBefore), after: round(loadavg()[0]) },
    ...result,
    longestTaskMs: round(result.longestTaskMs),
    longestSteadyTaskMs: round(result.longestSteadyTaskMs),
    fps: round(result.fps),
    frameMs: {
      p50: round(result.frameMs.p50),
      p95: round(result.frameMs.p95),
      max: round(result.frameMs.max),
    },
    heapMb: {
      start: round(result.heapMb.start),
      end: round(result.heapMb.end),
      max: round(result.heapMb.max),
    },
  };
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(r, null, 2));
  console.error(JSON.stringify(r, null, 2));
} finally {
  await browser?.close();
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
