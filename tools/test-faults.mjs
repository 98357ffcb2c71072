// `npm run test:faults`: builds, provides services the way `npm test` does (the machine's when
// DATABASE_URL/MQTT_URL are set, embedded otherwise), then runs apps/server/jest.faults.config.cjs one
// suite at a time: each suite spawns several server processes, a Mosquitto and sometimes a PostgreSQL of
// its own, and kills some of them. Prints every `fault …` count line again at the end.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { build, ensureDependencies, npx, root, run } from './run.util.mjs';
import { startEmbeddedServices } from './services.mjs';

const extraArgs = process.argv.slice(2);
ensureDependencies();
build(['server']);

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
let services = null;
if (!env.DATABASE_URL || !env.MQTT_URL) {
  services = await startEmbeddedServices();
  env.DATABASE_URL ??= services.databaseUrl;
  env.MQTT_URL ??= services.mqttUrl;
  env.IOC_TEST_SERVICES = 'embedded';
  console.log(
    `Fault tests: embedded PostgreSQL and aedes broker (${env.MQTT_URL.replace(/\/\/[^@]*@/, '//***@')})`,
  );
} else {
  env.IOC_TEST_SERVICES = 'external';
  console.log(`Fault tests: ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')} and ${env.MQTT_URL}`);
}

const adminUrl = env.DATABASE_URL;
const dbName = `ioc_faults_${Date.now().toString(36)}_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const runUrl = new URL(adminUrl);
runUrl.pathname = `/${dbName}`;
env.TEST_ADMIN_DATABASE_URL = adminUrl;
env.DATABASE_URL = runUrl.toString();

mkdirSync(join(root, 'tmp'), { recursive: true });
const out = join(root, 'tmp', 'jest-faults.json');
// each suite appends its count lines here (apps/server/test/support/server-process.ts: faultLine)
env.FAULT_COUNTS_FILE = join(root, 'tmp', 'fault-counts.txt');
rmSync(env.FAULT_COUNTS_FILE, { force: true });
const started = Date.now();
const code = run(
  npx,
  [
    'jest',
    '-c',
    'apps/server/jest.faults.config.cjs',
    '--runInBand',
    '--verbose',
    '--json',
    `--outputFile=${out}`,
    ...extraArgs,
  ],
  { env },
);

const drop = new pg.Client({ connectionString: adminUrl });
await drop
  .connect()
  .then(() => drop.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`))
  .catch(() => undefined);
await drop.end().catch(() => undefined);
await services?.stop();

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
}
if (existsSync(env.FAULT_COUNTS_FILE)) console.log(`\n${readFileSync(env.FAULT_COUNTS_FILE, 'utf8').trim()}`);
console.log(
  `\nfault suite: ${passed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(code === 0 && passed > 0 ? 0 : 1);
