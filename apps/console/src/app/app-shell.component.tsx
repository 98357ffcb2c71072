import type { FeatureCollection, LineString } from 'geojson';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadBootstrap, type Bootstrap } from '../api/city.api';
import type { Session } from '../api/auth.session';
import type { ConnectionStatus } from '../api/connection.status';
import { INITIAL_LIVE_FEED, type LiveFeedState } from '../api/live-feed.status';
import { connectLive } from '../api/live.socket';
import { loadActiveIncidents, runIncidentCommand } from '../api/incidents.api';
import { playAlertTone } from '../features/incidents/alert.tone';
import { DispatchDialog } from '../features/incidents/dispatch-dialog.component';
import { IncidentDetailView } from '../features/incidents/incident-detail.component';
import { isAlarming } from '../features/incidents/incident-queue';
import { IncidentQueue } from '../features/incidents/incident-queue.component';
import { IncidentStore } from '../features/incidents/incident.store';
import { SensorPanel } from '../features/sensors/sensor-panel.component';
import type { SensorRow } from '../features/sensors/sensor-rows';
import { SensorStateStore } from '../features/sensors/sensor-state.store';
import { currentLanguage } from '../i18n/i18n.setup';
import { MapLegend } from '../map/map-legend.component';
import { MapView, type MapFocus } from '../map/map-view.component';
import { AppHeader } from './app-header.component';

const store = new SensorStateStore();
const incidentStore = new IncidentStore();

/** Right-hand panel views; another view (history, units) is one more entry here. */
export const VIEWS = ['incidents', 'sensors'] as const;
export type View = (typeof VIEWS)[number];
const MUTE_KEY = 'ioc.muted';

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
  const [view, setView] = useState<View>('incidents');
  const [selected, setSelected] = useState<string | null>(null);
  const [dispatchFor, setDispatchFor] = useState<string | null>(null);
  const [dispatchLines, setDispatchLines] = useState<FeatureCollection<LineString> | null>(null);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

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
    // Subscribe first, then fetch: events that arrive meanwhile are held by the store and applied over
    // the snapshot, so nothing between the two is lost.
    const ac = new AbortController();
    const refetch = () =>
      loadActiveIncidents(ac.signal)
        .then((items) => incidentStore.applySnapshot(items))
        .catch(() => undefined);
    const close = connectLive({
      onSnapshot: (s) => store.applySnapshot(s),
      onDelta: (s) => store.applyDelta(s),
      onStatus: setStatus,
      // Sensor state arrives as a fresh snapshot on every subscribe; views that will hold durable state
      // (incident queue) take onEvents and refetch on onReload.
      onFeed: setFeed,
      onEvents: (events, replay) => {
        const opened = incidentStore.applyEvents(events);
        if (!replay && !mutedRef.current && opened.some((i) => isAlarming(i.severity))) playAlertTone();
      },
      onReload: () => void refetch(),
    });
    void refetch();
    return () => {
      ac.abort();
      close();
    };
  }, [boot]);

  const selectIncident = useCallback((id: string) => {
    setSelected(id);
    setView('incidents');
    const i = incidentStore.getSnapshot().get(id);
    if (i && i.lat !== null && i.lon !== null)
      setFocus((f) => ({ lon: i.lon!, lat: i.lat!, seq: (f?.seq ?? 0) + 1 }));
  }, []);
  const ack = useCallback((id: string) => {
    if (incidentStore.getSnapshot().get(id)?.status !== 'new') return;
    void runIncidentCommand(id, 'ack')
      .then((d) => incidentStore.upsert(d))
      .catch(() => undefined);
  }, []);
  const openDispatch = useCallback((id: string) => {
    const s = incidentStore.getSnapshot().get(id)?.status;
    if (s && ['acknowledged', 'dispatched', 'en_route', 'on_scene'].includes(s)) setDispatchFor(id);
  }, []);
  const closeDispatch = useCallback(() => setDispatchFor(null), []);
  const toggleMute = useCallback(
    () =>
      setMuted((m) => {
        localStorage.setItem(MUTE_KEY, m ? '0' : '1');
        return !m;
      }),
    [],
  );
  const dispatchIncident = dispatchFor ? incidentStore.getSnapshot().get(dispatchFor) : undefined;

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
                incidents={incidentStore}
                selectedIncidentId={selected}
                dispatchLines={dispatchLines}
                onIncidentClick={selectIncident}
              />
              <MapLegend />
            </div>
            {selected && (
              <aside className="panel detail-panel" aria-label={t('detail.title')}>
                <IncidentDetailView
                  key={selected}
                  city={boot.city}
                  store={incidentStore}
                  id={selected}
                  onClose={() => setSelected(null)}
                  onDispatch={openDispatch}
                />
              </aside>
            )}
            <aside className="panel" aria-label={t(`views.${view}`)}>
              <nav className="tabs" role="tablist">
                {VIEWS.map((v) => (
                  <button
                    key={v}
                    type="button"
                    role="tab"
                    aria-selected={view === v}
                    data-testid={`tab-${v}`}
                    onClick={() => setView(v)}
                  >
                    {t(`views.${v}`)}
                  </button>
                ))}
              </nav>
              {view === 'sensors' && <SensorPanel city={boot.city} store={store} onSelect={onSelect} />}
              {view === 'incidents' && (
                <IncidentQueue
                  city={boot.city}
                  store={incidentStore}
                  selectedId={selected}
                  onSelect={selectIncident}
                  onAck={ack}
                  onDispatch={openDispatch}
                  muted={muted}
                  onToggleMute={toggleMute}
                />
              )}
            </aside>
            {dispatchIncident && (
              <DispatchDialog
                incident={dispatchIncident}
                store={incidentStore}
                onClose={closeDispatch}
                onLines={setDispatchLines}
              />
            )}
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
