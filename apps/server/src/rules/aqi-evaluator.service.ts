import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { evaluateAqiRule, type AqiRuleState } from '@ioc/domain/aqi.rule';
import {
  HOUR_MS,
  VN_AQI_METRICS,
  hourlyMeansFrom,
  hourlyVnAqiAt,
  hoursToEvaluate,
} from '@ioc/domain/vn-aqi.hours';
import type { VnAqiBand } from '@ioc/domain/vn-aqi.calculator';
import { IncidentsService } from '../incidents/incidents.service';
import { CommittedHooks } from '../committed/committed.hooks';
import type { StoredReading } from '../readings/readings.repository';
import { aqiProposal } from './proposal.factory';
import { RulesConfigService } from './rules-config.service';
import type { CompiledAqi } from './rules.loader';
import { RulesRepository } from './rules.repository';

/** Stored per (rule, station) in rule_state: shared by instances, kept across restarts. */
interface StationState {
  /** Start (epoch ms) of the last hour whose index was computed. */
  lastHour: number | null;
  raised: boolean;
  peakBand: VnAqiBand | null;
}

const METRICS = new Set<string>(VN_AQI_METRICS);

/**
 * Hourly VN_AQI per station (QĐ 1459/QĐ-TCMT). When an hour has completed (its end plus
 * `completeAfter`), the index is computed from hourly means in `readings` — PM as a 12-hour NowCast,
 * gases as the hour's mean — and fed to the band rule. State lives in rule_state under a row lock, so
 * several instances take turns and a restart continues where it left off. An hour without an index (no
 * or too little data) is not recorded as evaluated: a station's backfill is still evaluated in order.
 */
@Injectable()
export class AqiEvaluatorService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('vn-aqi');
  private readonly dirty = new Map<string, number>();
  /** Last evaluated hour per rule+station as last seen in the database (skips needless transactions). */
  private readonly lastHour = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private unregister: (() => void) | null = null;
  private readonly stationIds: Set<string>;
  readonly stats = { evaluations: 0, hours: 0, raises: 0, errors: 0 };

  constructor(
    private readonly config: RulesConfigService,
    private readonly repo: RulesRepository,
    private readonly hooks: CommittedHooks,
    private readonly incidents: IncidentsService,
  ) {
    this.stationIds = new Set(config.rules.aqi.flatMap((r) => r.stations.map((s) => s.id)));
  }

  onModuleInit(): void {
    if (this.config.rules.aqi.length === 0) return;
    this.unregister = this.hooks.register({ readings: (rows) => this.onReadings(rows) });
    this.timer = setInterval(() => this.kick(), 30_000);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.unregister?.();
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    while (this.running) await this.running;
  }

  private onReadings(rows: readonly StoredReading[]): void {
    let touched = false;
    for (const r of rows) {
      if (!METRICS.has(r.metric) || !this.stationIds.has(r.deviceId)) continue;
      const t = Date.parse(r.time);
      const before = this.dirty.get(r.deviceId);
      if (before === undefined || t < before) this.dirty.set(r.deviceId, t);
      touched = true;
    }
    // Batches of one burst arrive close together: evaluate once they have settled.
    if (touched && !this.debounce) {
      this.debounce = setTimeout(() => {
        this.debounce = null;
        this.kick();
      }, 1000);
      this.debounce.unref();
    }
  }

  /** Evaluate soon; single flight, never throws. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.evaluateAll()
      .catch((e) => {
        this.stats.errors++;
        this.log.warn(`evaluation failed: ${(e as Error).message}`);
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Runs an evaluation now and waits for it (tests). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
    await this.evaluateAll();
  }

  private async evaluateAll(): Promise<void> {
    const now = Date.now();
    for (const rule of this.config.rules.aqi)
      for (const station of rule.stations) {
        try {
          await this.evaluateStation(rule, station.id, now);
        } catch (e) {
          this.stats.errors++;
          this.log.warn(`${rule.config.id} ${station.id}: ${(e as Error).message}`);
        }
      }
  }

  private async evaluateStation(rule: CompiledAqi, stationId: string, now: number): Promise<void> {
    const cfg = rule.config;
    const key = `${cfg.id}\u0000${stationId}`;
    const dirty = this.dirty.get(stationId) ?? null;
    const window = {
      earliestDirty: dirty,
      now,
      completeAfterMs: cfg.completeAfter * 1000,
      lookbackHours: Math.max(1, Math.floor(this.config.rules.maxEventAgeS / 3600)),
    };
    const known = this.lastHour.get(key);
    if (known !== undefined && hoursToEvaluate({ ...window, lastEvaluated: known }).length === 0) return;
    this.stats.evaluations++;
    const last = await this.repo.withRuleState<StationState | null, number | null>(
      cfg.id,
      stationId,
      async (stored) => {
        const state: StationState = stored ?? { lastHour: null, raised: false, peakBand: null };
        const hours = hoursToEvaluate({ ...window, lastEvaluated: state.lastHour });
        if (hours.length === 0) return { state: stored, result: state.lastHour };
        const rows = await this.repo.hourlyMeans(
          stationId,
          VN_AQI_METRICS,
          new Date(hours[0] - 11 * HOUR_MS),
          new Date(hours[hours.length - 1] + HOUR_MS),
        );
        const means = hourlyMeansFrom(rows, cfg.minSamplesPerHour);
        let next = state;
        for (const hour of hours) {
          this.stats.hours++;
          const result = hourlyVnAqiAt(hour, means);
          if (!result) continue;
          const ruleState: AqiRuleState = { raised: next.raised, peakBand: next.peakBand };
          const step = evaluateAqiRule(ruleState, result.aqi, {
            raiseAtBand: cfg.raiseAt,
            clearMarginPoints: cfg.clearMargin,
          });
          if (step.event === 'raise' || step.event === 'escalate') {
            this.stats.raises++;
            const station = await this.config.device(stationId);
            // Raised inside the row lock: a failure rolls the state back and the hour is retried.
            await this.incidents.raise(aqiProposal(cfg, station, hour, result, step.state.peakBand!));
          }
          next = { lastHour: hour, raised: step.state.raised, peakBand: step.state.peakBand };
        }
        return { state: next.lastHour === null ? stored : next, result: next.lastHour };
      },
    );
    if (last !== null) this.lastHour.set(key, last);
    // Readings that arrived meanwhile keep the station dirty for the next run (they are in the current hour).
    if (this.dirty.get(stationId) === dirty) this.dirty.delete(stationId);
  }
}
