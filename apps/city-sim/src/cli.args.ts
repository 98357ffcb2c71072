import { parseArgs } from 'node:util';

export interface CliOptions {
  url: string;
  city?: string;
  seed: number;
  rate?: number;
  /** Unset only with --scenario (the script's default compression). */
  speed?: number;
  durationS?: number;
  qos: 0 | 1 | 2;
  startMs?: number;
  /** How far simulated time may run ahead of the wall clock, in seconds (natural schedule). */
  maxAheadS: number;
  replicas: number;
  scenario?: string;
  /** Demo mode: real minutes between scripted scenarios over the live city. */
  everyMin?: number;
  offlineShare: number;
  malformedRate: number;
  /** Units drive to what they are dispatched to (live runs; --ignore-dispatches turns it off). */
  followDispatches: boolean;
  /** Dispatched units drive this many times faster than real (SIM_RESPONSE_SPEED). */
  responseSpeed: number;
  /** Port of the simulated Frigate HTTP API; null: none (a real Frigate serves the media). */
  frigatePort: number | null;
  frigateHost: string;
  help: boolean;
}

export const USAGE = `Usage: city-sim [options]
  --url <mqtt-url>     broker (default: $MQTT_URL or mqtt://127.0.0.1:1883)
  --city <file>        city file (default: infra/city/city.json in the repo)
  --seed <n>           PRNG seed; same seed + start = same messages (default 1)
  --rate <msg/s>       fixed total rate, round robin over devices (default: each device once per
                       expectedIntervalS, scaled by --speed)
  --speed <x>          simulated seconds per real second (default 1)
  --duration <s>       stop after this many real seconds (default: run until Ctrl-C)
  --qos <0|1|2>        publish QoS (default 1)
  --start <iso|ms>     simulated time at start (default: now; with --speed > 1, in the past: see --max-ahead)
  --max-ahead <s>      how far simulated time may run ahead of the wall clock (default 0: servers
                       dead-letter future times); with --speed > 1 the default start is in the past, so the
                       run ends now (--duration) or catches up with now after 10 real minutes
  --replicas <n>       clone every device n times, for load tests (default 1)
  --scenario <name>    run one scripted scenario and exit: normal, pollution-episode, flood, market-fire,
                       night-intrusion, watchlist-plate (default --start: the script ends now; default
                       --speed: the script takes ~20 s)
  --every <min>        live city plus a scenario (in turn) every <min> real minutes (demo)
  --offline <share>    share of devices offline for 30-90 min in each 6 h (default 0.03; 0 = none)
  --malformed <rate>   share of messages sent deliberately malformed (default 0.002; 0 = none)
  --response-speed <x> dispatched units drive x times faster than their reported 32-52 km/h (default:
                       $SIM_RESPONSE_SPEED or 1; tests use 10-20)
  --ignore-dispatches  units do not follow the assignments the server pushes (live runs follow them;
                       each unit's terminal logs in as its unit id, password $SIM_TRACKER_PASSWORD)
  --frigate-port <n>   port of the cameras' simulated Frigate HTTP API (latest frames, event snapshots,
                       clips; default $SIM_FRIGATE_PORT or 5000; 0 = any free port; off = none)
  --frigate-host <h>   address it listens on (default 127.0.0.1)
  --help`;

function num(name: string, raw: string | undefined, check: (n: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`invalid --${name}: ${raw}`);
  return n;
}

/** Parses argv (without node and script) into options; throws with a one-line message on bad input. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: 'string' },
      city: { type: 'string' },
      seed: { type: 'string' },
      rate: { type: 'string' },
      speed: { type: 'string' },
      duration: { type: 'string' },
      qos: { type: 'string' },
      start: { type: 'string' },
      'max-ahead': { type: 'string' },
      replicas: { type: 'string' },
      scenario: { type: 'string' },
      every: { type: 'string' },
      offline: { type: 'string' },
      malformed: { type: 'string' },
      'response-speed': { type: 'string' },
      'ignore-dispatches': { type: 'boolean' },
      'frigate-port': { type: 'string' },
      'frigate-host': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  let startMs: number | undefined;
  if (values.start !== undefined) {
    startMs = /^\d+$/.test(values.start) ? Number(values.start) : Date.parse(values.start);
    if (!Number.isFinite(startMs)) throw new Error(`invalid --start: ${values.start}`);
  }
  const frigatePortRaw = values['frigate-port'] ?? env.SIM_FRIGATE_PORT ?? '5000';
  const frigatePort =
    frigatePortRaw === 'off'
      ? null
      : num('frigate-port', frigatePortRaw, (n) => Number.isInteger(n) && n >= 0 && n <= 65535)!;
  return {
    url: values.url ?? env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    city: values.city,
    seed: num('seed', values.seed, Number.isInteger) ?? 1,
    rate: num('rate', values.rate, (n) => n > 0),
    speed: num('speed', values.speed, (n) => n > 0) ?? (values.scenario ? undefined : 1),
    durationS: num('duration', values.duration, (n) => n > 0),
    qos: (num('qos', values.qos, (n) => n === 0 || n === 1 || n === 2) ?? 1) as 0 | 1 | 2,
    startMs,
    maxAheadS: num('max-ahead', values['max-ahead'], (n) => n >= 0) ?? 0,
    replicas: num('replicas', values.replicas, (n) => Number.isInteger(n) && n >= 1) ?? 1,
    scenario: values.scenario,
    everyMin: num('every', values.every, (n) => n > 0),
    offlineShare: num('offline', values.offline, (n) => n >= 0 && n <= 1) ?? 0.03,
    malformedRate: num('malformed', values.malformed, (n) => n >= 0 && n <= 1) ?? 0.002,
    followDispatches: !values['ignore-dispatches'],
    responseSpeed:
      num('response-speed', values['response-speed'] ?? env.SIM_RESPONSE_SPEED, (n) => n > 0 && n <= 1000) ??
      1,
    frigatePort,
    frigateHost: values['frigate-host'] ?? '127.0.0.1',
    help: values.help ?? false,
  };
}

/** Real seconds an unbounded run at --speed > 1 takes to catch up with the wall clock. */
export const CATCH_UP_S = 600;

/**
 * Default simulated start of a live run: now at ×1; at ×speed > 1, far enough back that the compressed
 * clock reaches the wall clock when a --duration run ends, or after CATCH_UP_S real seconds for an unbounded
 * one — a server refuses data from the future, so compression can only replay the past.
 */
export function defaultStartMs(speed: number, durationS: number | undefined, nowMs: number): number {
  if (speed <= 1) return nowMs;
  return nowMs - (speed - 1) * (durationS ?? CATCH_UP_S) * 1000;
}
