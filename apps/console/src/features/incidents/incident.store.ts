import type { Incident } from '@ioc/contracts/incident.schema';
import type { LiveEvent } from '@ioc/contracts/live-event.schema';

export type IncidentMap = ReadonlyMap<string, Incident>;
type Listener = () => void;

/** The newer of two versions of one incident; ties go to the later arrival (live after snapshot). */
function newer(current: Incident | undefined, next: Incident): boolean {
  return !current || Date.parse(next.updatedAt) >= Date.parse(current.updatedAt);
}

/**
 * Incidents the console holds, fed by a REST snapshot and the live feed. The feed is subscribed before
 * the snapshot is fetched: events arriving meanwhile are held and applied over the snapshot, each only
 * if it is not older than what is held (the snapshot may already contain it). Events are applied in
 * seq order as the feed delivers them.
 */
export class IncidentStore {
  private incidents = new Map<string, Incident>();
  private loaded = false;
  private held: LiveEvent[] = [];
  private readonly listeners = new Set<Listener>();

  getSnapshot = (): IncidentMap => this.incidents;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  isLoaded(): boolean {
    return this.loaded;
  }

  /** A fresh snapshot (first load, or the feed said reload): replaces everything, then held events. */
  applySnapshot(items: readonly Incident[]): void {
    const next = new Map<string, Incident>();
    for (const i of items) next.set(i.id, i);
    this.incidents = next;
    this.loaded = true;
    const held = this.held;
    this.held = [];
    for (const e of held) this.applyOne(e, next);
    this.emit();
  }

  /** Durable live events; returns the incidents opened by these events (for the alert sound). */
  applyEvents(events: readonly LiveEvent[]): Incident[] {
    const incidentEvents = events.filter((e) => e.kind === 'incident');
    if (incidentEvents.length === 0) return [];
    if (!this.loaded) {
      this.held.push(...incidentEvents);
      return [];
    }
    const next = new Map(this.incidents);
    const opened: Incident[] = [];
    for (const e of incidentEvents) {
      const isNew = !next.has(e.entityId);
      if (this.applyOne(e, next) && isNew && e.kind === 'incident' && e.op === 'open') opened.push(e.payload);
    }
    this.incidents = next;
    this.emit();
    return opened;
  }

  /** One incident as a command answered it (so the UI does not wait for the feed). */
  upsert(incident: Incident): void {
    if (!newer(this.incidents.get(incident.id), incident)) return;
    const next = new Map(this.incidents);
    next.set(incident.id, incident);
    this.incidents = next;
    this.emit();
  }

  private applyOne(e: LiveEvent, into: Map<string, Incident>): boolean {
    if (e.kind !== 'incident') return false;
    if (!newer(into.get(e.entityId), e.payload)) return false;
    into.set(e.entityId, e.payload);
    return true;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
