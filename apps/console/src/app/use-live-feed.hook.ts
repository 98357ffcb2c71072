import { useEffect, useRef, useState } from 'react';
import type { ConnectionStatus } from '../api/connection.status';
import { loadActiveIncidents, loadUnits } from '../api/incidents.api';
import { INITIAL_LIVE_FEED, type LiveFeedState } from '../api/live-feed.status';
import { connectLive } from '../api/live.socket';
import { playAlertTone } from '../features/incidents/alert.tone';
import { isAlarming } from '../features/incidents/incident-queue';
import type { LiveStores } from './use-live-stores.hook';

/** Unit positions come over REST only (OwnTracks fixes); status changes arrive live. */
const UNIT_REFRESH_MS = 15_000;
/** While a unit is on its way, its position is fetched this often (the map follows it). */
const MOVING_UNIT_REFRESH_MS = 3_000;

/**
 * Follows the live socket once `enabled` (the city is known): sensor snapshots and deltas, incident and
 * unit events into the stores, REST snapshots of incidents and units on (re)subscribe, the alert tone for
 * new alarming incidents unless muted. Returns the connection and feed status for the header.
 */
export function useLiveFeed(
  stores: LiveStores,
  enabled: boolean,
  muted: boolean,
): { status: ConnectionStatus; feed: LiveFeedState; lastDataAt: number | null } {
  const [status, setStatus] = useState<ConnectionStatus>('reconnecting');
  // When live data last arrived: kept in a ref (a state per delta would re-render the shell twice a
  // second) and published when the connection drops, for the stale banner's "data as of HH:mm:ss".
  const lastDataRef = useRef<number | null>(null);
  const [lastDataAt, setLastDataAt] = useState<number | null>(null);
  const [feed, setFeed] = useState<LiveFeedState>(INITIAL_LIVE_FEED);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  useEffect(() => {
    if (!enabled) return;
    const { sensors, incidents, units } = stores;
    // Subscribe first, then fetch: events that arrive meanwhile are held by the store and applied over
    // the snapshot, so nothing between the two is lost.
    const ac = new AbortController();
    const refetch = () =>
      loadActiveIncidents(ac.signal)
        .then((items) => incidents.applySnapshot(items))
        .catch(() => undefined);
    const refetchUnits = () => {
      const at = Date.now();
      return loadUnits(ac.signal)
        .then((u) => units.applySnapshot(u, at))
        .catch(() => undefined);
    };
    const fresh = () => (lastDataRef.current = Date.now());
    let lastUnits = Date.now();
    const unitTimer = setInterval(() => {
      const moving = [...units.getSnapshot().values()].some(
        (u) => u.status === 'dispatched' || u.status === 'en_route',
      );
      if (!moving && Date.now() - lastUnits < UNIT_REFRESH_MS) return;
      lastUnits = Date.now();
      void refetchUnits();
    }, MOVING_UNIT_REFRESH_MS);
    const close = connectLive({
      onSnapshot: (s) => {
        fresh();
        sensors.applySnapshot(s);
      },
      onDelta: (s) => {
        fresh();
        sensors.applyDelta(s);
      },
      onStatus: (s) => {
        if (s !== 'connected') setLastDataAt(lastDataRef.current);
        setStatus(s);
      },
      // Sensor state arrives as a fresh snapshot on every subscribe; views that hold durable state
      // (incident queue) take onEvents and refetch on onReload.
      onFeed: setFeed,
      onEvents: (events, replay) => {
        fresh();
        units.applyEvents(events);
        const opened = incidents.applyEvents(events);
        if (!replay && !mutedRef.current && opened.some((i) => isAlarming(i.severity))) playAlertTone();
      },
      onReload: () => {
        void refetch();
        void refetchUnits();
      },
    });
    void refetch();
    void refetchUnits();
    // e2e build only (folded away otherwise): the console benchmark feeds deltas the way the socket does.
    const testHook = {
      applyDelta: (states: Parameters<typeof sensors.applyDelta>[0]) => sensors.applyDelta(states),
    };
    if (__IOC_TEST_HOOKS__)
      void import('../api/sensors.test-hook').then((h) => {
        if (!ac.signal.aborted) h.exposeSensorsForTests(testHook);
      });
    return () => {
      if (__IOC_TEST_HOOKS__)
        void import('../api/sensors.test-hook').then((h) => h.hideSensorsForTests(testHook));
      clearInterval(unitTimer);
      ac.abort();
      close();
    };
  }, [enabled, stores]);

  return { status, feed, lastDataAt };
}
