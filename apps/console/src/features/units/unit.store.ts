import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import type { Unit, UnitStatus } from '@ioc/contracts/unit.schema';

export type UnitMap = ReadonlyMap<string, Unit>;

export const UNIT_STATUS_COLORS: Record<UnitStatus, string> = {
  available: '#22c55e',
  dispatched: '#f59e0b',
  en_route: '#fb923c',
  on_scene: '#ef4444',
  off_duty: '#64748b',
};

/**
 * Response units: a REST snapshot (with positions) refreshed now and then, plus status/assignment changes
 * from the live feed as they happen. Live changes carry `updatedAt`; a snapshot older than the last
 * applied change does not roll a unit's status back.
 */
export class UnitStore {
  private units = new Map<string, Unit>();
  private readonly changedAt = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  getSnapshot = (): UnitMap => this.units;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** `fetchedAt`: when the request was sent; live changes after it win over the snapshot's status. */
  applySnapshot(units: readonly Unit[], fetchedAt: number): void {
    const next = new Map<string, Unit>();
    for (const u of units) {
      const prev = this.units.get(u.id);
      const liveAt = this.changedAt.get(u.id) ?? -Infinity;
      next.set(
        u.id,
        prev && liveAt > fetchedAt
          ? { ...u, status: prev.status, incidentId: prev.incidentId, statusSince: prev.statusSince }
          : u,
      );
    }
    this.units = next;
    this.emit();
  }

  applyEvents(events: readonly LiveEvent[]): void {
    let changed = false;
    const next = new Map(this.units);
    for (const e of events) {
      if (e.kind !== 'unit') continue;
      const prev = next.get(e.entityId);
      if (!prev) continue;
      next.set(e.entityId, {
        ...prev,
        status: e.payload.status,
        incidentId: e.payload.incidentId,
        statusSince: e.payload.updatedAt,
      });
      this.changedAt.set(e.entityId, Date.parse(e.payload.updatedAt));
      changed = true;
    }
    if (!changed) return;
    this.units = next;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
