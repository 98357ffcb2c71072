import type { CityUnit } from '@ioc/contracts/city.schema';
import type { ReplayIncident, ReplayState, ReplayUnit } from '@ioc/contracts/history.schema';
import type { Incident } from '@ioc/contracts/incident.schema';
import type { Unit } from '@ioc/contracts/unit.schema';
import { IncidentStore } from '../incidents/incident.store';
import { SensorStateStore } from '../sensors/sensor-state.store';
import { UnitStore } from '../units/unit.store';

/**
 * The replayed situation as the same stores the live console draws from, so the map renders history with
 * its live layers. They are separate instances: live events keep flowing into the live stores meanwhile,
 * and leaving history mode switches back without a reload.
 */
export class ReplayStores {
  readonly sensors = new SensorStateStore();
  readonly incidents = new IncidentStore();
  readonly units = new UnitStore();

  /** `cityUnits`: names and types (a replay unit carries only status, assignment and position). */
  constructor(private readonly cityUnits: readonly CityUnit[]) {}

  apply(state: ReplayState): void {
    const known = new Map(this.cityUnits.map((u) => [u.id, u]));
    this.sensors.applySnapshot(state.sensors);
    this.incidents.applySnapshot(state.incidents.map((i) => replayIncident(i, state.units)));
    this.units.applySnapshot(
      state.units.flatMap((u) => {
        const c = known.get(u.id);
        return c ? [replayUnit(u, c)] : [];
      }),
      Date.parse(state.at),
    );
  }
}

/** A replayed incident in the live shape; what the replay does not carry is left empty, never guessed. */
export function replayIncident(i: ReplayIncident, units: readonly ReplayUnit[]): Incident {
  return {
    id: i.id,
    status: i.status as Incident['status'],
    category: i.category as Incident['category'],
    subCategory: null,
    severity: i.severity as Incident['severity'],
    urgency: 'Unknown',
    certainty: 'Unknown',
    title: i.title,
    titleEn: i.titleEn,
    description: '',
    lat: i.lat,
    lon: i.lon,
    ward: i.ward,
    source: '',
    openedAt: i.openedAt,
    updatedAt: i.since,
    lastSignalAt: i.since,
    acknowledgedAt: null,
    dispatchedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignee: null,
    unitIds: units.filter((u) => u.incidentId === i.id).map((u) => u.id),
    evidenceCount: 0,
    overdue: false,
    relatedIncidentId: null,
    mergedInto: null,
  };
}

export function replayUnit(u: ReplayUnit, c: CityUnit): Unit {
  return {
    id: u.id,
    name: c.name,
    type: c.type,
    status: u.status as Unit['status'],
    lat: u.position?.lat ?? null,
    lon: u.position?.lon ?? null,
    positionTime: u.position?.time ?? null,
    incidentId: u.incidentId,
  };
}
