import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadBootstrap, type Bootstrap } from '../api/city.api';
import type { Session } from '../api/auth.session';
import type { ConnectionStatus } from '../api/connection.status';
import { INITIAL_LIVE_FEED, type LiveFeedState } from '../api/live-feed.status';
import { connectLive } from '../api/live.socket';
import { SensorPanel } from '../features/sensors/sensor-panel.component';
import type { SensorRow } from '../features/sensors/sensor-rows';
import { SensorStateStore } from '../features/sensors/sensor-state.store';
import { currentLanguage } from '../i18n/i18n.setup';
import { MapLegend } from '../map/map-legend.component';
import { MapView, type MapFocus } from '../map/map-view.component';
import { AppHeader } from './app-header.component';

const store = new SensorStateStore();

/** Layout: header on top, map filling the wall, sensor panel on the right. */
export function AppShell({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [boot, setBoot] = useState<Bootstrap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<ConnectionStatus>('reconnecting');
  const [feed, setFeed] = useState<LiveFeedState>(INITIAL_LIVE_FEED);
  const [focus, setFocus] = useState<MapFocus | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    loadBootstrap(ac.signal)
      .then((b) => {
        store.applySnapshot(b.states);
        setBoot(b);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, [attempt]);

  // The live feed starts once the city is known; its snapshot supersedes the REST one.
  useEffect(() => {
    if (!boot) return;
    return connectLive({
      onSnapshot: (s) => store.applySnapshot(s),
      onDelta: (s) => store.applyDelta(s),
      onStatus: setStatus,
      // Sensor state arrives as a fresh snapshot on every subscribe; views that will hold durable state
      // (incident queue) take onEvents and refetch on onReload.
      onFeed: setFeed,
    });
  }, [boot]);

  const cityName = boot?.city.name ?? null;
  useEffect(() => {
    document.title = cityName ? t('app.title', { city: cityName }) : t('app.titleShort');
  }, [cityName, t]);

  const onSelect = useCallback(
    (r: SensorRow) => setFocus((f) => ({ lon: r.lon, lat: r.lat, seq: (f?.seq ?? 0) + 1 })),
    [],
  );

  return (
    <div className="app">
      <AppHeader cityName={cityName} status={status} feed={feed} session={session} />
      <main className="app-body">
        {boot ? (
          <>
            <div className="map-wrap">
              <MapView
                city={boot.city}
                styleUrl={boot.config.basemapStyleUrl}
                store={store}
                lang={lang}
                focus={focus}
              />
              <MapLegend />
            </div>
            <SensorPanel city={boot.city} store={store} onSelect={onSelect} />
          </>
        ) : error ? (
          <div className="notice" role="alert">
            <p>{t('app.loadFailed', { error })}</p>
            <button type="button" onClick={() => setAttempt((a) => a + 1)}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <div className="notice" aria-busy="true">
            {t('app.loading')}
          </div>
        )}
      </main>
    </div>
  );
}
