// `npm test`: builds, provides services (the machine's when DATABASE_URL/MQTT_URL are set, embedded
// otherwise), gives the run its own fresh database, runs every jest suite and then the browser suite.
// A missing Chromium fails the run under CI=true and is reported loudly otherwise.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { build, ensureDependencies, npx, root, run } from './run.util.mjs';
import { startEmbeddedServices } from './services.mjs';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);

ensureDependencies();
build();

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
let services = null;
if (!env.DATABASE_URL || !env.MQTT_URL) {
  services = await startEmbeddedServices();
  const urls = services;
  env.DATABASE_URL ??= urls.databaseUrl;
  env.MQTT_URL ??= urls.mqttUrl;
  env.IOC_TEST_SERVICES = 'embedded';
  console.log(
    `Test services: embedded PostgreSQL and aedes broker (${env.MQTT_URL.replace(/\/\/[^@]*@/, '//***@')})`,
  );
} else {
  env.IOC_TEST_SERVICES = 'external';
  console.log(`Test services: ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')} and ${env.MQTT_URL}`);
}

// Each run gets a database of its own; tests that need more isolation create theirs from the admin URL.
const adminUrl = env.DATABASE_URL;
const dbName = `ioc_test_${Date.now().toString(36)}_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const runUrl = new URL(adminUrl);
runUrl.pathname = `/${dbName}`;
env.TEST_ADMIN_DATABASE_URL = adminUrl;
env.DATABASE_URL = runUrl.toString();

mkdirSync(join(root, 'tmp'), { recursive: true });
const results = [];
function jest(config, label, workers = 2) {
  const out = join(root, 'tmp', `jest-${label}.json`);
  const code = run(
    npx,
    ['jest', '-c', config, '--json', `--outputFile=${out}`, `--maxWorkers=${workers}`, ...extraArgs],
    { env },
  );
  let counts = { passed: 0, failed: 0, total: 0 };
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    counts = {
      passed: r.numPassedTests,
      failed: r.numFailedTests + r.numRuntimeErrorTestSuites,
      total: r.numTotalTests,
    };
  }
  results.push({ label, code, ...counts });
}

jest('jest.config.cjs', 'unit-integration');

const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
let browserMissing = false;
// IOC_TEST_BROWSER=0 leaves the browser suite to another pass of the same run (.ci/run runs it once, on the
// embedded defaults, and the second pass against the machine's services without it): said, never silent.
const browserOff = env.IOC_TEST_BROWSER === '0';
if (browserOff) {
  console.log('\nbrowser suite: not in this pass (IOC_TEST_BROWSER=0; .ci/run runs it in its other pass)');
} else if (existsSync(chromium)) {
  env.CHROMIUM_PATH = chromium;
  // One browser file at a time: each starts a server, a simulator and Chromium, and two of them side by side
  // on a 2-core machine stretched the latency budgets the tests assert (5 s to the map) past their limits.
  jest('apps/console/jest.e2e.config.cjs', 'browser', 1);
} else {
  browserMissing = true;
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n!! BROWSER SUITE NOT RUN: no Chromium at ${chromium}.`);
  console.error('!! Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
  console.error(
    `!! ${CI ? 'CI=true: this is a failure.' : 'Outside CI this is a warning; the run is incomplete.'}\n${bar}\n`,
  );
}

const drop = new pg.Client({ connectionString: adminUrl });
await drop
  .connect()
  .then(() => drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`))
  .catch(() => undefined);
await drop.end().catch(() => undefined);
await services?.stop();

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0) + (browserMissing && CI ? 1 : 0);
for (const r of results) console.log(`  ${r.label}: ${r.passed} passed, ${r.failed} failed (exit ${r.code})`);
if (browserOff) console.log('  browser: not in this pass (IOC_TEST_BROWSER=0)');
if (browserMissing) console.log(`  browser: NOT RUN (no Chromium)${CI ? ' — counted as a failure' : ''}`);
const ok = results.every((r) => r.code === 0) && !(browserMissing && CI) && passed > 0;
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
