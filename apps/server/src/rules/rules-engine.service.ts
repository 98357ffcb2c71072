import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { evaluateCameraRules } from '@ioc/domain/camera.rule';
import { evaluateFloodLevel, type FloodLevel } from '@ioc/domain/flood-level.rule';
import { INITIAL_THRESHOLD_STATE, evaluateThreshold, type ThresholdState } from '@ioc/domain/threshold.rule';
import { BOOT, type BootContext } from '../config/boot.context';
import { CommittedHooks, type DeviceTransition } from '../committed/committed.hooks';
import type { StoredCameraEvent } from '../cameras/camera-events.repository';
import type { StoredReading } from '../readings/readings.repository';
import { IncidentsService } from '../incidents/incidents.service';
import {
  cameraProposal,
  floodProposal,
  massOfflineKey,
  massOfflineProposal,
  matchesDeviceFilter,
  offlineProposal,
  thresholdProposal,
  type DeviceMeta,
  type ReadingFact,
} from './proposal.factory';
import { OfflineAggregator, type OfflineDecision } from './offline.aggregator';
import { Lane, laneOf, ProposalQueue } from './proposal.queue';
import { RulesConfigService } from './rules-config.service';
import type { CompiledFlood, CompiledThreshold } from './rules.loader';
import { SignalProcessorService } from './signal-processor.service';

const SEVERITY_RANK = { Unknown: 0, Minor: 1, Moderate: 2, Severe: 3, Extreme: 4 } as const;

/** Devices listed per evidence item of a mass outage (a row stays small; 30,000 devices = 60 items). */
const MASS_CHUNK = 500;

export interface RulesEngineStats {
  readingsSeen: number;
  /** Readings/events older than maxEventAge: history only, never incidents. */
  tooOld: number;
  thresholdRaises: number;
  thresholdClears: number;
  floodChanges: number;
  cameraMatches: number;
  /** Offline transitions seen (each ends in a mass outage, on its own, or skipped: see ProposalQueue.stats). */
  offline: number;
  /** Offline transitions decided as part of a mass outage of their feed and ward. */
  offlineMass: number;
  /** Exceptions inside the engine's own evaluation (the ingest never sees them). */
  errors: number;
}

/**
 * Rules over what the ingest committed on this instance: thresholds and flood levels on readings,
 * camera rules on Frigate events, device-offline transitions; and the wake-up of the signal processor.
 * State is per (rule, device), in memory, event-time based; see docs/rules.md for restart semantics.
 */
@Injectable()
export class RulesEngineService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('rules');
  readonly queue: ProposalQueue;
  readonly stats: RulesEngineStats = {
    readingsSeen: 0,
    tooOld: 0,
    thresholdRaises: 0,
    thresholdClears: 0,
    floodChanges: 0,
    cameraMatches: 0,
    offline: 0,
    offlineMass: 0,
    errors: 0,
  };
  /** Offline transitions wait here for the rest of their feed and ward (mass outage or not). */
  readonly offline: OfflineAggregator;
  private readonly massWindowS: number;
  private readonly thresholdsByMetric = new Map<string, CompiledThreshold[]>();
  private readonly floodsByMetric = new Map<string, CompiledFlood[]>();
  private readonly thresholdState = new Map<string, ThresholdState>();
  /** Flood level now and the highest level proposed since it last cleared. */
  private readonly floodState = new Map<string, { level: FloodLevel; peak: FloodLevel; lastTime: number }>();
  /** Frigate event id → severity rank already proposed (events update many times). */
  private readonly cameraProposed = new Map<string, number>();
  /** Per metric: the only devices any rule can match (null: any device), to skip the rest cheaply. */
  private readonly candidates = new Map<string, Set<string> | null>();
  private unregister: (() => void) | null = null;
  private signalTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: RulesConfigService,
    private readonly hooks: CommittedHooks,
    private readonly signals: SignalProcessorService,
    incidents: IncidentsService,
    @Inject(BOOT) boot: BootContext,
  ) {
    const env = boot.config;
    this.queue = new ProposalQueue({
      raise: (p) => incidents.raise(p),
      spill: (ps) => signals.enqueue(ps),
      maxQueued: env.RULES_QUEUE_MAX,
    });
    this.massWindowS = env.OFFLINE_MASS_WINDOW_S;
    this.offline = new OfflineAggregator(
      {
        delayMs: env.OFFLINE_GROUP_MS,
        massMin: env.OFFLINE_MASS_MIN_DEVICES,
        windowMs: env.OFFLINE_MASS_WINDOW_S * 1000,
      },
      (d) => this.guard(() => this.onOfflineDecision(d)),
      (n) => this.queue.merged(n),
    );
    for (const t of config.rules.threshold) push(this.thresholdsByMetric, t.config.metric, t);
    for (const f of config.rules.flood) push(this.floodsByMetric, f.config.metric, f);
    const widen = (metric: string, ids: readonly string[] | null) => {
      const cur = this.candidates.get(metric);
      if (cur === null) return;
      this.candidates.set(metric, ids === null ? null : new Set([...(cur ?? []), ...ids]));
    };
    for (const t of config.rules.threshold) {
      const f = t.config.devices;
      // kinds/wards match city devices only, so such a rule can only ever see those
      const ids =
        f?.ids ??
        (f?.kinds || f?.wards
          ? config
              .allCityDevices()
              .filter((d) => matchesDeviceFilter(f, d))
              .map((d) => d.id)
          : null);
      widen(t.config.metric, ids);
    }
    for (const f of config.rules.flood)
      widen(
        f.config.metric,
        f.gauges.map((g) => g.sensor.id),
      );
  }

  onModuleInit(): void {
    this.unregister = this.hooks.register({
      readings: (rows) => this.guard(() => this.onReadings(rows)),
      cameraEvents: (rows) => this.guard(() => this.onCameraEvents(rows)),
      deviceTransitions: (ts) => this.guard(() => this.onTransitions(ts)),
      signals: () => this.signals.nudge(),
    });
    // Signals also arrive through other instances and REST; poll as a safety net.
    this.signalTimer = setInterval(() => this.signals.nudge(), 2000);
    this.signalTimer.unref();
    this.signals.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    this.unregister?.();
    if (this.signalTimer) clearInterval(this.signalTimer);
    this.offline.close();
    await this.queue.idle();
  }

  /** Everything seen so far raised, offline groups decided without waiting for their delay (tests). */
  idle(): Promise<void> {
    this.offline.flushAll();
    return this.queue.idle();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.stats.errors++;
      if (this.stats.errors <= 20 || this.stats.errors % 1000 === 0)
        this.log.error(
          `rule evaluation failed (${this.stats.errors} so far): ${(e as Error).stack ?? String(e)}`,
        );
    }
  }

  private cutoff(): number {
    return Date.now() - this.config.rules.maxEventAgeS * 1000;
  }

  /**
   * City facts, synchronously. Devices outside the city config have no kind or ward here (kinds/wards
   * filters match city devices only); their name and place are looked up when a proposal is built.
   */
  private meta(deviceId: string): DeviceMeta | null {
    return this.config.cityDevice(deviceId);
  }

  private onReadings(rows: readonly StoredReading[]): void {
    if (this.thresholdsByMetric.size === 0 && this.floodsByMetric.size === 0) return;
    const cutoff = this.cutoff();
    // One stream per device and metric, in event time (a batch is not ordered).
    const streams = new Map<string, ReadingFact[]>();
    for (const r of rows) {
      if (r.value === null) continue;
      const devices = this.candidates.get(r.metric);
      if (devices === undefined || (devices !== null && !devices.has(r.deviceId))) continue;
      this.stats.readingsSeen++;
      if (Date.parse(r.time) < cutoff) {
        this.stats.tooOld++;
        continue;
      }
      push(streams, `${r.deviceId}\u0000${r.metric}`, {
        deviceId: r.deviceId,
        metric: r.metric,
        time: r.time,
        value: r.value,
        unit: r.unit ?? null,
      });
    }
    for (const stream of streams.values()) {
      stream.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
      const { deviceId, metric } = stream[0];
      const device = this.meta(deviceId);
      for (const t of this.thresholdsByMetric.get(metric) ?? [])
        this.runThreshold(t, deviceId, device, stream);
      for (const f of this.floodsByMetric.get(metric) ?? []) this.runFlood(f, deviceId, device, stream);
    }
  }

  private runThreshold(
    t: CompiledThreshold,
    deviceId: string,
    device: DeviceMeta | null,
    stream: readonly ReadingFact[],
  ): void {
    const filter = t.config.devices;
    if (filter) {
      if (filter.ids && !filter.ids.includes(deviceId)) return;
      if ((filter.kinds || filter.wards) && (!device || !matchesDeviceFilter(filter, device))) return;
    }
    const key = `${t.config.id}\u0000${deviceId}`;
    let state = this.thresholdState.get(key) ?? INITIAL_THRESHOLD_STATE;
    for (const reading of stream) {
      const step = evaluateThreshold(state, reading, t.rule);
      state = step.state;
      if (step.event === 'raise') {
        this.stats.thresholdRaises++;
        this.queue.push(
          async () => thresholdProposal(t.config, device ?? (await this.config.device(deviceId)), reading),
          laneOf(t.config.category),
        );
      } else if (step.event === 'clear') {
        // The incident stays with the operator; a new breach after a clear proposes the same key again,
        // which joins the incident while it is open.
        this.stats.thresholdClears++;
      }
    }
    this.thresholdState.set(key, state);
  }

  private runFlood(
    f: CompiledFlood,
    deviceId: string,
    device: DeviceMeta | null,
    stream: readonly ReadingFact[],
  ): void {
    const gauge = f.gauges.find((g) => g.sensor.id === deviceId);
    if (!gauge || !device) return;
    const key = `${f.config.id}\u0000${deviceId}`;
    let s = this.floodState.get(key) ?? {
      level: 0 as FloodLevel,
      peak: 0 as FloodLevel,
      lastTime: -Infinity,
    };
    for (const reading of stream) {
      const t = Date.parse(reading.time);
      if (t <= s.lastTime) continue; // late or repeated: the level moves forward in event time only
      const step = evaluateFloodLevel(s.level, reading.value, {
        alarms: gauge.alarms,
        hysteresisM: f.config.hysteresis,
      });
      const next = { level: step.level, peak: step.level === 0 ? (0 as FloodLevel) : s.peak, lastTime: t };
      if (step.event) this.stats.floodChanges++;
      // One incident per gauge: propose when the level first rises and whenever it passes its peak.
      if (step.level > s.peak) {
        next.peak = step.level;
        const level = step.level as Exclude<FloodLevel, 0>;
        this.queue.push(
          async () => floodProposal(f.config, device, level, gauge.alarms, reading),
          laneOf(f.config.category),
        );
      }
      s = next;
    }
    this.floodState.set(key, s);
  }

  private onCameraEvents(rows: readonly StoredCameraEvent[]): void {
    const rules = this.config.rules.camera;
    if (rules.length === 0) return;
    const cutoff = this.cutoff();
    for (const event of rows) {
      if (Date.parse(event.startTime) < cutoff) {
        this.stats.tooOld++;
        continue;
      }
      const camera = this.config.cityDevice(event.camera);
      const result = evaluateCameraRules(
        event,
        rules.map((r) => r.rule),
        camera?.name,
      );
      if (!result.proposal || !result.ruleId) continue;
      const rank = SEVERITY_RANK[result.proposal.severity];
      const before = this.cameraProposed.get(event.id);
      // A Frigate event updates many times: propose on the first match, again only if it got worse.
      if (before !== undefined && rank <= before) continue;
      this.cameraProposed.delete(event.id);
      this.cameraProposed.set(event.id, rank);
      if (this.cameraProposed.size > 20_000)
        this.cameraProposed.delete(this.cameraProposed.keys().next().value!);
      this.stats.cameraMatches++;
      const cfg = rules.find((r) => r.config.id === result.ruleId)!.config;
      const proposal = cameraProposal(result.ruleId, cfg, event, camera, result.proposal);
      this.queue.push(async () => proposal, laneOf(proposal.category));
    }
  }

  private onTransitions(transitions: readonly DeviceTransition[]): void {
    if (this.config.rules.offline.length === 0) return;
    const cutoff = this.cutoff();
    for (const t of transitions) {
      if (t.status !== 'offline') continue;
      if (Date.parse(t.time) < cutoff) {
        this.stats.tooOld++;
        continue;
      }
      this.stats.offline++;
      // grouped by feed and ward first: a bridge or a ward going dark is one incident, not thousands
      this.offline.add(t, this.config.cityDevice(t.deviceId)?.ward ?? null);
    }
  }

  private onOfflineDecision(d: OfflineDecision): void {
    const rules = this.config.rules.offline;
    if (d.mode === 'single') {
      for (const t of d.transitions)
        this.queue.push(async () => {
          const device = await this.config.device(t.deviceId);
          const rule = rules.find((r) => matchesDeviceFilter(r.devices, device));
          if (!rule) return null;
          // A device that registered itself is watched on its own only when a rule names it; otherwise
          // only a mass outage of its feed raises (issue 14: self-registered ids must not page anyone).
          const named = rules.some((r) => r.devices?.ids?.includes(t.deviceId));
          if (!this.config.cityDevice(t.deviceId) && !named) return null;
          return offlineProposal(rule, device, t);
        }, Lane.deviceHealth);
      return;
    }
    // Mass outage: each device's rule as for single devices (city facts or the bare id: no lookups).
    const bare = (id: string) => ({
      id,
      name: id,
      kind: null,
      ward: null,
      wardName: null,
      lat: null,
      lon: null,
    });
    const listed = d.transitions.filter((t) =>
      rules.some((r) =>
        matchesDeviceFilter(r.devices, this.config.cityDevice(t.deviceId) ?? bare(t.deviceId)),
      ),
    );
    this.queue.skipped(d.transitions.length - listed.length);
    if (listed.length === 0) return;
    this.stats.offlineMass += listed.length;
    const used = rules.filter((r) =>
      listed.some((t) =>
        matchesDeviceFilter(r.devices, this.config.cityDevice(t.deviceId) ?? bare(t.deviceId)),
      ),
    );
    // The most severe rule among the devices' speaks for the outage (ties: the first in the file).
    const rule = used.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const group = { ...d.group, wardName: this.config.wardName(d.group.ward) };
    const at = new Date(d.at).toISOString();
    for (let i = 0; i < listed.length; i += MASS_CHUNK) {
      const chunk = listed.slice(i, i + MASS_CHUNK);
      const ref = `${massOfflineKey(group.feed, group.ward)}@${at}#${i / MASS_CHUNK}`;
      const proposal = massOfflineProposal(rule, group, chunk, ref, this.massWindowS);
      this.queue.push(async () => proposal, Lane.deviceHealth, chunk.length);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
