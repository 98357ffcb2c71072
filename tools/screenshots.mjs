// `node tools/screenshots.mjs`: builds, provides services (the machine's when DATABASE_URL/MQTT_URL are
// set, embedded otherwise) and runs the browser suites with SCREENSHOTS=1, which rewrites docs/img/
// (login, overview with all four layers, incident detail, dispatch dialog, units board, history mode,
// daily report) for the README.
import { existsSync } from 'node:fs';
import { build, ensureDependencies, npx, run } from './run.util.mjs';
import { startEmbeddedServices } from './services.mjs';

ensureDependencies();
build();

const env = { ...process.env, SCREENSHOTS: '1', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
let services = null;
if (!env.DATABASE_URL || !env.MQTT_URL) {
  services = await startEmbeddedServices();
  env.DATABASE_URL ??= services.databaseUrl;
  env.MQTT_URL ??= services.mqttUrl;
}
env.TEST_ADMIN_DATABASE_URL ??= env.DATABASE_URL;
env.CHROMIUM_PATH ||= '/usr/bin/chromium';
if (!existsSync(env.CHROMIUM_PATH)) {
  console.error(`no Chromium at ${env.CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  process.exit(1);
}
const code = run(
  npx,
  [
    'jest',
    '-c',
    'apps/console/jest.e2e.config.cjs',
    'apps/console/e2e/console-smoke',
    'apps/console/e2e/console-incidents',
    'apps/console/e2e/console-history',
  ],
  { env },
);
await services?.stop();
process.exit(code);
