import { Injectable, Logger } from '@nestjs/common';
import type { StoredCameraEvent } from '../cameras/camera-events.repository';
import type { StoredReading } from '../readings/readings.repository';

/** A device changed status (feed availability, or the monitor found it silent). */
export interface DeviceTransition {
  deviceId: string;
  status: 'online' | 'offline';
  /** UTC ISO time of the transition. */
  time: string;
  reason: string;
  /** The device's feed (registry `source`): offline transitions are grouped by feed and ward. */
  source: string;
}

export interface CommittedListener {
  readings?(rows: readonly StoredReading[]): void;
  cameraEvents?(rows: readonly StoredCameraEvent[]): void;
  /** New incident signals were stored (the rows wait in incident_signals). */
  signals?(count: number): void;
  deviceTransitions?(transitions: readonly DeviceTransition[]): void;
}

/**
 * What the ingest has committed, for in-process consumers (the rules engine). Listeners are called
 * after the commit, synchronously and guarded: a throwing listener is logged and counted, never seen by
 * the ingest, so consumers must only queue work here and never block.
 */
@Injectable()
export class CommittedHooks {
  private readonly log = new Logger('committed-hooks');
  private readonly listeners: CommittedListener[] = [];
  /** Listener exceptions so far. */
  errors = 0;

  register(listener: CommittedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  readings(rows: readonly StoredReading[]): void {
    if (rows.length) this.emit((l) => l.readings?.(rows));
  }

  cameraEvents(rows: readonly StoredCameraEvent[]): void {
    if (rows.length) this.emit((l) => l.cameraEvents?.(rows));
  }

  signals(count: number): void {
    if (count > 0) this.emit((l) => l.signals?.(count));
  }

  deviceTransitions(transitions: readonly DeviceTransition[]): void {
    if (transitions.length) this.emit((l) => l.deviceTransitions?.(transitions));
  }

  private emit(call: (l: CommittedListener) => void): void {
    for (const l of this.listeners) {
      try {
        call(l);
      } catch (e) {
        this.errors++;
        if (this.errors <= 10 || this.errors % 1000 === 0)
          this.log.error(`listener failed (${this.errors} so far): ${(e as Error).stack ?? String(e)}`);
      }
    }
  }
}
