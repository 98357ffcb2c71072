import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { loadBootstrap, type Bootstrap } from '../api/city.api';
import type { SensorStateStore } from '../features/sensors/sensor-state.store';

/** City, runtime config and last known sensor values: everything the console needs before it can draw. */
export function useBootstrap(sensors: SensorStateStore): {
  boot: Bootstrap | null;
  error: string | null;
  retry(): void;
} {
  const q = useQuery({
    queryKey: ['bootstrap'],
    queryFn: ({ signal }) => loadBootstrap(signal),
    // loaded once per console: the live feed keeps it current from there
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const boot = q.data ?? null;
  useEffect(() => {
    if (boot) sensors.applySnapshot(boot.states);
  }, [boot, sensors]);
  const e = q.error;
  return {
    boot,
    error: e ? (e instanceof Error ? e.message : String(e)) : null,
    retry: () => void q.refetch(),
  };
}
