import { useEffect, useState, useSyncExternalStore } from 'react';
import type { IncidentMap, IncidentStore } from './incident.store';

export function useIncidents(store: IncidentStore): IncidentMap {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Wall-clock ms, ticking every second (SLA countdowns). */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}
