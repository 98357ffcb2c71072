import { useState } from 'react';
import { IncidentStore } from '../features/incidents/incident.store';
import { SensorStateStore } from '../features/sensors/sensor-state.store';
import { UnitStore } from '../features/units/unit.store';

/** The live situation the map and panels draw, fed by useLiveFeed. */
export interface LiveStores {
  sensors: SensorStateStore;
  incidents: IncidentStore;
  units: UnitStore;
}

/** One set of live stores per console (per login), not module-level singletons. */
export function useLiveStores(): LiveStores {
  const [stores] = useState<LiveStores>(() => ({
    sensors: new SensorStateStore(),
    incidents: new IncidentStore(),
    units: new UnitStore(),
  }));
  return stores;
}
