import type { City } from '@ioc/contracts/city.schema';
import { connectAsync, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { SensorFormat } from './encoder.types';
import {
  addScenario,
  buildPlan,
  generateRated,
  generateWindow,
  type FaultOptions,
  type SimMessage,
} from './message.generator';
import type { Scenario } from './scenario.types';
import { formatSummary } from './summary.formatter';

export interface SimulatorOptions {
  url: string;
  city: City;
  seed?: number;
  /** Simulated seconds per real second (time compression). */
  speed?: number;
  /** Fixed total messages per real second, round robin over devices; unset = each device on its interval. */
  rate?: number;
  /** Real seconds to run; unset = until stop(). */
  durationS?: number;
  qos?: 0 | 1 | 2;
  /** Simulated time at the start (epoch ms); default now. */
  startMs?: number;
  /**
   * Natural schedule: how far (ms) the simulated clock may run ahead of the wall clock; default unbounded.
   * The server dead-letters times beyond its INGEST_MAX_FUTURE_S (time_in_future), so a run meant for a
   * server sets 0: with --speed > 1 it then plays the past compressed and continues in real time once it
   * has caught up with now.
   */
  maxAheadMs?: number;
  replicas?: number;
  clientId?: string;
  /** Real milliseconds between publishing rounds. */
  tickMs?: number;
  /** Stop generating while this many QoS>0 publishes await their PUBACK (backpressure, nothing dropped). */
  maxInflight?: number;
  /** Real seconds between summary lines; 0 = none. */
  summaryEveryS?: number;
  log?: (line: string) => void;
  /**
   * Overlay a scripted scenario starting at `startMs` (simulated; default: the run's start). Unless
   * `durationS` is set, the run ends when simulated time reaches the end of the script.
   */
  scenario?: { scenario: Scenario; startMs?: number };
  /** Offline devices and malformed messages (default: none). */
  faults?: FaultOptions;
  /** Called with every message just before it is published (tests capture the sequence). */
  onMessage?: (m: SimMessage) => void;
  /** Messages not to publish, e.g. the fixes of a unit its dispatch follower is driving. */
  suppress?: (m: SimMessage) => boolean;
}

export interface SimulatorStats {
  devices: number;
  skipped: Partial<Record<SensorFormat, number>>;
  published: number;
  /** Confirmed by the broker (QoS>0) or written to the socket (QoS 0). */
  acked: number;
  failed: number;
  /** Messages published deliberately malformed (the ingest must dead-letter exactly these). */
  malformed: number;
  simTimeMs: number;
  elapsedS: number;
}

export interface SimulatorHandle {
  stop(): Promise<void>;
  /** Overlays a scenario from the current simulated time (demo mode); returns its start. */
  addScenario(scenario: Scenario): number;
  stats(): SimulatorStats;
  /** Resolves when the run ends: after --duration (all publishes settled) or stop(). */
  done: Promise<void>;
}

const MAX_BATCH = 5000;

/** Connects to the broker and publishes the city until the duration elapses or stop() is called. */
export async function startSimulator(opts: SimulatorOptions): Promise<SimulatorHandle> {
  const seed = opts.seed ?? 1;
  const speed = opts.speed ?? 1;
  const qos = opts.qos ?? 1;
  const startMs = opts.startMs ?? Date.now();
  const tickMs = opts.tickMs ?? 25;
  const maxInflight = opts.maxInflight ?? 20_000;
  const log = opts.log ?? (() => undefined);
  if (!(speed > 0)) throw new Error('speed must be > 0');
  if (opts.rate !== undefined && !(opts.rate > 0)) throw new Error('rate must be > 0');

  const plan = buildPlan(opts.city, seed, {
    replicas: opts.replicas,
    faults: opts.faults,
    scenario: opts.scenario
      ? { scenario: opts.scenario.scenario, startMs: opts.scenario.startMs ?? startMs }
      : undefined,
  });
  // A scripted run without --duration ends with its script.
  const simEndMs = opts.durationS === undefined && plan.scenario ? plan.scenario.endMs : Infinity;
  const client: MqttClient = await connectAsync(opts.url, {
    clientId: opts.clientId ?? `city-sim-${seed}-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  client.on('error', (e) => log(`broker error: ${e.message}`));

  const stats: SimulatorStats = {
    devices: plan.sensors.length,
    skipped: plan.skipped,
    published: 0,
    acked: 0,
    failed: 0,
    malformed: 0,
    simTimeMs: startMs,
    elapsedS: 0,
  };
  const latest = new Map<string, SimMessage>();
  const realStart = performance.now();
  const endRealMs = opts.durationS !== undefined ? opts.durationS * 1000 : Infinity;
  // Natural mode starts with each device's latest report of the past interval, so a console opened at
  // start shows the whole city at once instead of filling in over a minute.
  let simCursor =
    opts.rate === undefined ? startMs - Math.max(0, ...plan.sensors.map((e) => e.intervalMs)) : startMs;
  let nextIndex = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  let lastSummary = realStart;
  let lastPublished = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const settled = () => stats.acked + stats.failed >= stats.published;
  const publish = (m: SimMessage) => {
    if (opts.suppress?.(m)) return;
    stats.published++;
    if (m.malformed) stats.malformed++;
    opts.onMessage?.(m);
    latest.set(m.deviceId, m);
    client.publish(m.topic, m.payload, { qos }, (err) => (err ? stats.failed++ : stats.acked++));
  };

  const summary = (now: number) => {
    const every = (opts.summaryEveryS ?? 5) * 1000;
    if (every <= 0 || now - lastSummary < every) return;
    log(formatSummary(stats, (stats.published - lastPublished) / ((now - lastSummary) / 1000), latest));
    lastSummary = now;
    lastPublished = stats.published;
  };

  const tick = () => {
    const now = performance.now();
    const elapsed = Math.min(now - realStart, endRealMs);
    stats.elapsedS = elapsed / 1000;
    let caughtUp: boolean;
    if (stats.published - stats.acked - stats.failed < maxInflight) {
      if (opts.rate !== undefined) {
        const target = Math.floor((elapsed / 1000) * opts.rate);
        // Bounded rounds keep the event loop (socket writes, acks, timers) turning at high rates.
        const to = Math.min(target, nextIndex + MAX_BATCH);
        const batch = generateRated(plan, { startMs, rate: opts.rate, speed }, nextIndex, to);
        nextIndex = to;
        batch.forEach(publish);
        stats.simTimeMs = startMs + Math.floor((nextIndex * 1000 * speed) / opts.rate);
        caughtUp = to === target;
      } else {
        const simNow = Math.max(
          simCursor,
          Math.min(startMs + elapsed * speed, simEndMs, Date.now() + (opts.maxAheadMs ?? Infinity)),
        );
        generateWindow(plan, simCursor, simNow).forEach(publish);
        simCursor = simNow;
        stats.simTimeMs = simNow;
        caughtUp = true;
        if (simNow >= simEndMs) {
          summary(Infinity);
          void stop();
          return;
        }
      }
    } else caughtUp = false;
    summary(now);
    if (elapsed >= endRealMs && caughtUp) void stop();
    else timer = setTimeout(tick, tickMs);
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (timer) clearTimeout(timer);
      // Give in-flight QoS>0 publishes a bounded chance to be acknowledged before disconnecting.
      const deadline = performance.now() + 10_000;
      while (!settled() && client.connected && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      await client.endAsync();
      resolveDone();
    })();
    return stopping;
  };

  log(
    `city-sim: ${plan.sensors.length} devices to ${opts.url} (seed ${seed}, speed ×${speed}, ` +
      (opts.rate !== undefined ? `${opts.rate} msg/s` : 'each device on its interval') +
      `, QoS ${qos})` +
      (Object.keys(plan.skipped).length
        ? `; formats without an encoder yet: ${JSON.stringify(plan.skipped)}`
        : ''),
  );
  timer = setTimeout(tick, 0);
  const overlay = (scenario: Scenario): number => {
    const at = Math.max(simCursor, stats.simTimeMs);
    addScenario(plan, opts.city, scenario, at);
    return at;
  };
  return { stop, addScenario: overlay, stats: () => ({ ...stats, skipped: { ...stats.skipped } }), done };
}
