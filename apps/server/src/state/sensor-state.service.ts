import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Reading } from '@ioc/contracts/reading.schema';
import type { MetricState, SensorState } from '@ioc/contracts/sensor-state.schema';
import { Subject } from 'rxjs';
import { ReadingsRepository } from '../ingest/readings.repository';

/**
 * Latest value of every device's metrics, kept in memory for the live map. Only newer readings
 * replace older ones, so late or redelivered messages never move a value backwards.
 */
@Injectable()
export class SensorStateService implements OnModuleInit {
  private readonly states = new Map<string, SensorState>();
  /** Device ids whose state changed, emitted once per applied batch. */
  readonly changed$ = new Subject<string[]>();
  /** The subset changed by this instance's own readings (`apply`), not by states merged from others. */
  readonly applied$ = new Subject<string[]>();

  constructor(private readonly readings: ReadingsRepository) {}

  /** After a restart the map shows the last known values at once, not an empty city. */
  async onModuleInit(): Promise<void> {
    this.apply(await this.readings.latest(24));
  }

  apply(readings: Iterable<Reading>): void {
    const changed = new Set<string>();
    for (const r of readings) {
      if (r.value === null) continue;
      if (this.put(r.deviceId, r.metric, { value: r.value, unit: r.unit ?? null, time: r.time }))
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
    for (const st of states) {
      for (const [metric, m] of Object.entries(st.metrics)) {
        if (m.value !== null && this.put(st.deviceId, metric, m)) changed.add(st.deviceId);
      }
    }
    if (changed.size > 0) this.changed$.next([...changed]);
  }

  private put(deviceId: string, metric: string, m: MetricState): boolean {
    let s = this.states.get(deviceId);
    if (!s) {
      s = { deviceId, metrics: {} };
      this.states.set(deviceId, s);
    }
    const prev = s.metrics[metric];
    if (prev && prev.time >= m.time) return false;
    s.metrics[metric] = { value: m.value, unit: m.unit, time: m.time };
    return true;
  }

  get(deviceId: string): SensorState | undefined {
    return this.states.get(deviceId);
  }

  all(): SensorState[] {
    return [...this.states.values()];
  }
}
