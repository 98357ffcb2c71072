import { useCallback, useState } from 'react';
import type { LayerGroup } from '../map/map.layers';

/** Map layer groups the operator switched off in the legend. */
export function useLayerToggles(): [ReadonlySet<LayerGroup>, (g: LayerGroup) => void] {
  const [hidden, setHidden] = useState<ReadonlySet<LayerGroup>>(new Set());
  const toggle = useCallback(
    (g: LayerGroup) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(g)) next.add(g);
        return next;
      }),
    [],
  );
  return [hidden, toggle];
}
