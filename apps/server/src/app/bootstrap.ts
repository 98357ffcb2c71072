import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { matchTopic } from '@ioc/feeds/topic.router';
import type { AppConfig } from '../config/config.schema';
import { Database } from '../db/database.pool';
import { migrate } from '../db/migrations.runner';
import { applyRetention } from '../db/timescale-policies.repository';
import { startEmbeddedBroker, type EmbeddedBrokerHandle } from '../runtime/embedded-broker.runtime';
import { EMBEDDED_PUBLISH_RULES } from '../runtime/embedded-publish.rules';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../runtime/embedded-postgres.runtime';
import { anyFreePort, isPortFree } from '../runtime/free-port.util';
import { ingestFilters, loadRoutes } from '../ingest/feed.router';
import { checkRulesFile } from '../rules/rules.loader';
import { checkPmtilesArchive, PmtilesArchiveError } from '../basemap/pmtiles.archive';
import { AppModule } from './app.module';
import type { BootContext } from '../config/boot.context';
import { findRepoRoot } from './repo-root.util';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { HttpErrorFilter } from '../common/http/http-error.filter';
import { InputValidationInterceptor } from '../common/http/input-validation.interceptor';
import { hardenHttp } from './http-hardening.util';
import { JsonLogger } from './json.logger';
import { serveConsole } from './serve-console.util';

export interface RunningServer {
  app: NestExpressApplication;
  boot: BootContext;
  url: string;
  port: number;
  stop(): Promise<void>;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

function logLevels(level: AppConfig['LOG_LEVEL']): LogLevel[] {
  const wanted = level === 'info' ? 'log' : level;
  return LEVELS.slice(0, LEVELS.indexOf(wanted) + 1);
}

/**
 * Starts one server instance: embedded PostgreSQL/broker when none is configured, migrations,
 * the Nest app with the configured roles, the built console, and optionally the simulator.
 */
export async function bootstrap(
  config: AppConfig,
  opts: { handleSignals?: boolean } = {},
): Promise<RunningServer> {
  const log = new Logger('boot');
  const levels = logLevels(config.LOG_LEVEL);
  const json = config.LOG_FORMAT === 'json' ? new JsonLogger(levels[levels.length - 1]) : null;
  Logger.overrideLogger(json ?? levels);
  const repoRoot = findRepoRoot();
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((e) => log.warn(`shutdown: ${String(e)}`));
  };

  try {
    // Files named by the config are checked before anything starts, so a typo fails fast and clean.
    const routes = loadRoutes({ config, repoRoot });
    checkRulesFile(repoRoot, config.CITY_DIR, config.RULES_FILE);
    if (config.BASEMAP_PMTILES) {
      if (config.BASEMAP_STYLE_URL)
        throw new PmtilesArchiveError(
          'BASEMAP_PMTILES and BASEMAP_STYLE_URL exclude each other: the console builds its style over the archive, or loads yours',
        );
      const a = checkPmtilesArchive(config.BASEMAP_PMTILES);
      log.log(
        `street basemap ${config.BASEMAP_PMTILES}: ${a.size} bytes, zoom ${a.minZoom}–${a.maxZoom}, bounds ${a.bounds.join(',')}`,
      );
    }

    let pg: EmbeddedPostgresHandle | null = null;
    if (!config.DATABASE_URL) {
      pg = await startEmbeddedPostgres(
        resolve(repoRoot, config.DATA_DIR),
        config.EMBEDDED_PG_PORT,
        (m) => log.log(m),
        { portFallback: !process.env.EMBEDDED_PG_PORT },
      );
      stops.push(() => pg!.stop());
    }
    const databaseUrl = config.DATABASE_URL ?? pg!.url;

    let broker: EmbeddedBrokerHandle | null = null;
    if (!config.MQTT_URL) {
      // With the ingest in this process, feed messages are acknowledged only once committed (see the runtime).
      const filters = config.IOC_ROLES.includes('ingest') ? ingestFilters(routes) : [];
      broker = await startEmbeddedBroker('127.0.0.1', await choosePort(config.MQTT_PORT, 'MQTT_PORT', log), {
        maxPacketBytes: config.MQTT_MAX_PACKET_KB * 1024,
        publishRules: EMBEDDED_PUBLISH_RULES,
        durableTopics: filters.length ? (topic) => filters.some((f) => matchTopic(f, topic)) : undefined,
        log: (m) => log.warn(`embedded MQTT broker: ${m}`),
      });
      stops.push(() => broker!.stop());
    }
    const mqttUrl = config.MQTT_URL ?? broker!.url;

    const migDb = new Database(databaseUrl, 1);
    let timescale = false;
    try {
      const res = await migrate(migDb, join(repoRoot, 'apps/server/migrations'));
      timescale = res.timescale;
      if (res.applied.length) log.log(`migrations applied: ${res.applied.join(', ')}`);
      if (timescale) await applyRetention(migDb, config.RETENTION_DAYS);
    } finally {
      await migDb.close();
    }

    // npm start / SIM=true: the simulator also plays the cameras' Frigate (docs/simulator.md), unless a
    // real one is configured; the server relays its media like a real NVR's.
    let simFrigatePort: number | null = null;
    if (config.SIM && !config.FRIGATE_BASE_URL) {
      simFrigatePort = config.SIM_FRIGATE_PORT || (await anyFreePort());
      config = { ...config, FRIGATE_BASE_URL: `http://127.0.0.1:${simFrigatePort}` };
      log.log(`Frigate at ${config.FRIGATE_BASE_URL} (simulated)`);
    }

    const boot: BootContext = {
      // Our own connection to the embedded broker logs in as a server instance (the simulator and devices
      // do not: the broker keeps its internal topics from them); an external broker uses MQTT_USERNAME.
      config: broker
        ? {
            ...config,
            MQTT_USERNAME: broker.serverLogin.username,
            MQTT_PASSWORD: broker.serverLogin.password,
          }
        : config,
      databaseUrl,
      mqttUrl,
      embeddedBroker: broker,
      timescale,
      version,
      repoRoot,
    };
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(boot), {
      logger: json ?? levels,
      // hardenHttp registers the parsers with the configured size limit
      bodyParser: false,
      // Start-up errors reach the caller (main.ts prints one line and exits; tests assert them).
      abortOnError: false,
    });
    app.disable('x-powered-by');
    hardenHttp(app, config);
    // The last global filter is tried first: HTTP errors get the one error body, the rest (database down,
    // unexpected errors) go to DatabaseUnavailableFilter.
    app.useGlobalFilters(
      new DatabaseUnavailableFilter(app.getHttpAdapter()),
      new HttpErrorFilter(app.getHttpAdapter()),
    );
    app.useGlobalInterceptors(new InputValidationInterceptor(app.get(Reflector)));
    serveConsole(app, resolve(repoRoot, config.CONSOLE_DIR));
    stops.push(() => app.close());
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://localhost:${port}`;

    if (config.SIM) {
      const sim = startSimulator(repoRoot, mqttUrl, config, simFrigatePort, log);
      if (sim) stops.push(() => stopChild(sim));
    }

    let stopping: Promise<void> | null = null;
    const stop = () => (stopping ??= stopAll());
    if (opts.handleSignals) {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        process.once(sig, () => {
          log.log(`${sig}: shutting down`);
          void stop().then(() => process.exit(0));
        });
      }
    }
    // Every address this instance uses, one line each (tools/start.mjs shows them in its banner).
    const path = (p: string) => (relative(repoRoot, p).startsWith('..') ? p : relative(repoRoot, p));
    log.log(
      `PostgreSQL at ${redactUrl(databaseUrl)}` +
        (pg ? ` (embedded, data in ${path(pg.dataDir)}, password in ${path(pg.passwordFile)})` : ''),
    );
    log.log(`MQTT broker at ${broker ? `${broker.url} (embedded)` : redactUrl(mqttUrl)}`);
    log.log(`IOC console ready at ${url} (roles: ${config.IOC_ROLES.join(', ')}, timescale: ${timescale})`);
    return { app, boot, url, port, stop };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * The embedded services' default ports may be taken (a local Mosquitto on 1883, say). When the port was
 * not chosen explicitly, take a free one and say so; an explicit port that is taken stays an error.
 */
async function choosePort(port: number, name: string, log: Logger): Promise<number> {
  if (process.env[name] || (await isPortFree(port))) return port;
  const free = await anyFreePort();
  log.warn(`port ${port} is in use; the embedded service uses ${free} instead (set ${name} to choose)`);
  return free;
}

/** A service URL for the log: the password is never printed. */
function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function startSimulator(
  repoRoot: string,
  mqttUrl: string,
  config: AppConfig,
  frigatePort: number | null,
  log: Logger,
): ChildProcess | null {
  const entry = join(repoRoot, 'dist/apps/city-sim/apps/city-sim/src/main.js');
  if (!existsSync(entry)) {
    log.warn(`SIM=true but the simulator is not built (${entry}); run npm run build`);
    return null;
  }
  const child = spawn(
    process.execPath,
    [
      entry,
      '--url',
      mqttUrl,
      '--seed',
      String(config.SIM_SEED),
      '--speed',
      String(config.SIM_SPEED),
      ...(config.SIM_SCENARIO_EVERY_MIN > 0 ? ['--every', String(config.SIM_SCENARIO_EVERY_MIN)] : []),
      '--frigate-port',
      frigatePort === null ? 'off' : String(frigatePort),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, MQTT_URL: mqttUrl } },
  );
  log.log(`simulator started (pid ${child.pid})`);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      res();
    });
    child.kill('SIGTERM');
  });
}
