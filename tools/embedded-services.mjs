// Starts the same embedded PostgreSQL and MQTT broker the server uses, for test runs without
// DATABASE_URL / MQTT_URL. Prints one JSON line with the URLs; stops both on SIGTERM/SIGINT or stdin EOF.
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from './services.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const runtime = join(import.meta.dirname, '../dist/apps/server/apps/server/src/runtime');
const { startEmbeddedPostgres } = require(join(runtime, 'embedded-postgres.runtime.js'));
const { startEmbeddedBroker } = require(join(runtime, 'embedded-broker.runtime.js'));

const dir = mkdtempSync(join(tmpdir(), 'ioc-test-services-'));
const pg = await startEmbeddedPostgres(dir, await freePort(), (m) =>
  process.stderr.write(`[embedded-pg] ${m}\n`),
);
const broker = await startEmbeddedBroker('127.0.0.1', await freePort());
// The test servers share this broker and exchange sensor state on its internal topics, which it keeps
// for server instances: the URL carries that login (test devices publishing through it are allowed
// everything as well, as on a Mosquitto without ACL). Tests of the refusal strip it (live-channel.spec.ts).
const { username, password } = broker.serverLogin;
const mqttUrl = broker.url.replace('mqtt://', `mqtt://${username}:${encodeURIComponent(password)}@`);
process.stdout.write(JSON.stringify({ databaseUrl: pg.url, mqttUrl, dataDir: dir }) + '\n');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await broker.stop().catch(() => undefined);
  await pg.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
