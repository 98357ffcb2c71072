import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Reading } from '@ioc/contracts/reading.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
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

  constructor(private readonly readings: ReadingsRepository) {}

  /** After a restart the map shows the last known values at once, not an empty city. */
  async onModuleInit(): Promise<void> {
    this.apply(await this.readings.latest(24));
  }

  apply(readings: Iterable<Reading>): void {
    const changed = new Set<string>();
    for (const r of readings) {
      if (r.value === null) continue;
      let s = this.states.get(r.deviceId);
      if (!s) {
        s = { deviceId: r.deviceId, metrics: {} };
        this.states.set(r.deviceId, s);
      }
      const prev = s.metrics[r.metric];
      if (prev && prev.time >= r.time) continue;
      s.metrics[r.metric] = { value: r.value, unit: r.unit ?? null, time: r.time };
      changed.add(r.deviceId);
    }
    if (changed.size > 0) this.changed$.next([...changed]);
  }

  get(deviceId: string): SensorState | undefined {
    return this.states.get(deviceId);
  }

  all(): SensorState[] {
    return [...this.states.values()];
  }
}
