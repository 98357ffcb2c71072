import { useCallback, useState } from 'react';
import type { MapFocus } from '../map/map-view.component';

/** Where the map should fly next; `seq` makes a second request for the same spot fly again. */
export function useMapFocus(): [MapFocus | null, (lon: number, lat: number) => void] {
  const [focus, setFocus] = useState<MapFocus | null>(null);
  const focusAt = useCallback(
    (lon: number, lat: number) => setFocus((f) => ({ lon, lat, seq: (f?.seq ?? 0) + 1 })),
    [],
  );
  return [focus, focusAt];
}
