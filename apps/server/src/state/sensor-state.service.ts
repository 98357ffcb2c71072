import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Reading } from '@ioc/contracts/reading.schema';
import type { MetricState, SensorState } from '@ioc/contracts/sensor-state.schema';
import { Subject } from 'rxjs';
import { BOOT, type BootContext } from '../config/boot.context';
import { ReadingsRepository } from '../readings/readings.repository';

/**
 * Latest value of every device's metrics, kept in memory for the live map. Only newer readings
 * replace older ones, so late or redelivered messages never move a value backwards. "Newer" compares
 * instants, not strings ("2026-…Z" and "2026-…+07:00" order differently as text), and a time further ahead
 * of the clock than INGEST_MAX_FUTURE_S is never taken: it would be "newest" until that date and freeze the
 * sensor on the map. The ingest already dead-letters such readings; this guards the other ways in (start-up
 * seeding, states merged from other instances).
 */
@Injectable()
export class SensorStateService implements OnModuleInit {
  private readonly states = new Map<string, SensorState>();
  /** Each state's metric times as numbers, so the newer-wins check parses only the incoming time. */
  private readonly times = new Map<string, Record<string, number>>();
  /** Device ids whose state changed, emitted once per applied batch. */
  readonly changed$ = new Subject<string[]>();
  /** The subset changed by this instance's own readings (`apply`), not by states merged from others. */
  readonly applied$ = new Subject<string[]>();

  private readonly maxFutureMs: number;

  constructor(
    private readonly readings: ReadingsRepository,
    @Inject(BOOT) boot: BootContext,
  ) {
    this.maxFutureMs = boot.config.INGEST_MAX_FUTURE_S * 1000;
  }

  /** After a restart the map shows the last known values at once, not an empty city (future rows skipped). */
  async onModuleInit(): Promise<void> {
    this.apply(await this.readings.latest(24, this.maxFutureMs / 1000));
  }

  apply(readings: Iterable<Reading>): void {
    const changed = new Set<string>();
    const latest = Date.now() + this.maxFutureMs;
    for (const r of readings) {
      if (r.value === null) continue;
      if (this.put(r.deviceId, r.metric, { value: r.value, unit: r.unit ?? null, time: r.time }, latest))
        changed.add(r.deviceId);
    }
    if (changed.size > 0) {
      const ids = [...changed];
      this.changed$.next(ids);
      this.applied$.next(ids);
    }
  }

  /** States computed by another instance (its ingest); the same newer-wins rule per metric. */
  merge(states: Iterable<SensorState>): void {
    const changed = new Set<string>();
    const latest = Date.now() + this.maxFutureMs;
    for (const st of states) {
      for (const [metric, m] of Object.entries(st.metrics)) {
        if (m.value !== null && this.put(st.deviceId, metric, m, latest)) changed.add(st.deviceId);
      }
    }
    if (changed.size > 0) this.changed$.next([...changed]);
  }

  /** `latestMs`: the furthest instant accepted (now + INGEST_MAX_FUTURE_S). */
  private put(deviceId: string, metric: string, m: MetricState, latestMs: number): boolean {
    const t = Date.parse(m.time);
    if (!(t <= latestMs)) return false; // also NaN: a time that does not parse cannot be ordered
    let s = this.states.get(deviceId);
    let times = this.times.get(deviceId);
    if (!s || !times) {
      s = { deviceId, metrics: {} };
      times = {};
      this.states.set(deviceId, s);
      this.times.set(deviceId, times);
    }
    const prev = times[metric];
    if (prev !== undefined && prev >= t) return false;
    times[metric] = t;
    // Adapters already emit canonical UTC ISO text; anything else is normalised so clients compare like with like.
    const time =
      m.time.length === 24 && m.time[10] === 'T' && m.time.endsWith('Z') ? m.time : new Date(t).toISOString();
    s.metrics[metric] = { value: m.value, unit: m.unit, time };
    return true;
  }

  get(deviceId: string): SensorState | undefined {
    return this.states.get(deviceId);
  }

  all(): SensorState[] {
    return [...this.states.values()];
  }
}
