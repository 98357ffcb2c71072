import type { City } from '@ioc/contracts/city.schema';
import type { ReplayState } from '@ioc/contracts/history.schema';
import { useCallback, useMemo, useState } from 'react';
import { ReplayStores } from '../features/history/replay.stores';

/**
 * History mode: the map draws the replayed situation from stores of its own; the live stores keep
 * following the feed meanwhile, so going back to a live tab is instant and gap-free.
 */
export function useReplay(city: City | null, active: boolean) {
  const replay = useMemo(() => (city ? new ReplayStores(city.units) : null), [city]);
  const [replayAt, setReplayAt] = useState<string | null>(null);
  const onReplayState = useCallback(
    (s: ReplayState | null) => {
      if (s) replay?.apply(s);
      setReplayAt(s?.at ?? null);
    },
    [replay],
  );
  return { shown: active ? replay : null, replayAt, onReplayState };
}
