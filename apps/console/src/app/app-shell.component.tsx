import type { ReplayState } from '@ioc/contracts/history.schema';
import type { FeatureCollection, LineString } from 'geojson';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadBootstrap, type Bootstrap } from '../api/city.api';
import type { Session } from '../api/auth.session';
import type { ConnectionStatus } from '../api/connection.status';
import { INITIAL_LIVE_FEED, type LiveFeedState } from '../api/live-feed.status';
import { connectLive } from '../api/live.socket';
import { exposeSensorsForTests } from '../api/sensors.test-hook';
import { loadActiveIncidents, loadUnits, runIncidentCommand } from '../api/incidents.api';
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
import { DeviceDetailView } from '../features/devices/device-detail.component';
import { HistoryPanel } from '../features/history/history-panel.component';
import { ReplayStores } from '../features/history/replay.stores';
import { formatDateTime } from '../i18n/locale.format';
import { UnitStore } from '../features/units/unit.store';
import { UnitsBoard } from '../features/units/units-board.component';
import { UsersAdmin } from '../features/users/users-admin.component';
import type { LayerGroup } from '../map/map.layers';
import { AppHeader } from './app-header.component';
import { viewFromHash, viewsFor, type View } from './app-views';

const store = new SensorStateStore();
const incidentStore = new IncidentStore();

const unitStore = new UnitStore();
const MUTE_KEY = 'ioc.muted';
/** Unit positions come over REST only (OwnTracks fixes); status changes arrive live. */
const UNIT_REFRESH_MS = 15_000;

type Detail = { type: 'incident'; id: string } | { type: 'device'; id: string };

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
  const views = viewsFor(session.user.role);
  const [view, setViewState] = useState<View>(() => viewFromHash(window.location.hash) ?? 'incidents');
  const setView = useCallback((v: View) => {
    setViewState(v);
    history.replaceState(null, '', `#${v}`);
  }, []);
  useEffect(() => {
    const onHash = () => {
      const v = viewFromHash(window.location.hash);
      if (v) setViewState(v);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [detail, setDetail] = useState<Detail | null>(null);
  const selected = detail?.type === 'incident' ? detail.id : null;
  const [hidden, setHidden] = useState<ReadonlySet<LayerGroup>>(new Set());
  const toggleLayer = useCallback(
    (g: LayerGroup) =>
      setHidden((h) => {
        const next = new Set(h);
        if (!next.delete(g)) next.add(g);
        return next;
      }),
    [],
  );
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
    const refetchUnits = () => {
      const at = Date.now();
      return loadUnits(ac.signal)
        .then((u) => unitStore.applySnapshot(u, at))
        .catch(() => undefined);
    };
    const unitTimer = setInterval(() => void refetchUnits(), UNIT_REFRESH_MS);
    const close = connectLive({
      onSnapshot: (s) => store.applySnapshot(s),
      onDelta: (s) => store.applyDelta(s),
      onStatus: setStatus,
      // Sensor state arrives as a fresh snapshot on every subscribe; views that will hold durable state
      // (incident queue) take onEvents and refetch on onReload.
      onFeed: setFeed,
      onEvents: (events, replay) => {
        unitStore.applyEvents(events);
        const opened = incidentStore.applyEvents(events);
        if (!replay && !mutedRef.current && opened.some((i) => isAlarming(i.severity))) playAlertTone();
      },
      onReload: () => {
        void refetch();
        void refetchUnits();
      },
    });
    void refetch();
    void refetchUnits();
    exposeSensorsForTests({ applyDelta: (states) => store.applyDelta(states) });
    return () => {
      exposeSensorsForTests(null);
      clearInterval(unitTimer);
      ac.abort();
      close();
    };
  }, [boot]);

  const selectIncident = useCallback((id: string) => {
    setDetail({ type: 'incident', id });
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

  // History mode: the map draws the replayed situation from stores of its own; the live stores keep
  // following the feed meanwhile, so going back to a live tab is instant and gap-free.
  const replay = useMemo(() => (boot ? new ReplayStores(boot.city.units) : null), [boot]);
  const [replayAt, setReplayAt] = useState<string | null>(null);
  const onReplayState = useCallback(
    (s: ReplayState | null) => {
      if (s) replay?.apply(s);
      setReplayAt(s?.at ?? null);
    },
    [replay],
  );
  const shownReplay = view === 'history' && views.includes('history') ? replay : null;
  const historyMode = shownReplay !== null;
  const focusIncident = useCallback((id: string, lon: number | null, lat: number | null) => {
    setDetail({ type: 'incident', id });
    if (lon !== null && lat !== null) setFocus((f) => ({ lon, lat, seq: (f?.seq ?? 0) + 1 }));
  }, []);

  const cityName = boot?.city.name ?? null;
  useEffect(() => {
    document.title = cityName ? t('app.title', { city: cityName }) : t('app.titleShort');
  }, [cityName, t]);

  const onSelect = useCallback((r: SensorRow) => {
    setFocus((f) => ({ lon: r.lon, lat: r.lat, seq: (f?.seq ?? 0) + 1 }));
    setDetail({ type: 'device', id: r.id });
  }, []);
  const onSensorClick = useCallback((id: string) => setDetail({ type: 'device', id }), []);
  const focusAt = useCallback(
    (lon: number, lat: number) => setFocus((f) => ({ lon, lat, seq: (f?.seq ?? 0) + 1 })),
    [],
  );
  const closeDetail = useCallback(() => setDetail(null), []);

  return (
    <div className="app">
      <AppHeader cityName={cityName} status={status} feed={feed} session={session} />
      <main className="app-body">
        {boot ? (
          <>
            <div
              className={historyMode ? 'map-wrap history-mode' : 'map-wrap'}
              data-mode={historyMode ? 'history' : 'live'}
            >
              {historyMode && (
                <div
                  className="history-banner history-map-banner"
                  role="status"
                  data-testid="map-history-banner"
                >
                  {t('history.mapBanner', { time: replayAt ? formatDateTime(replayAt, lang) : '…' })}
                </div>
              )}
              <MapView
                city={boot.city}
                styleUrl={boot.config.basemapStyleUrl}
                store={shownReplay?.sensors ?? store}
                lang={lang}
                focus={focus}
                incidents={shownReplay?.incidents ?? incidentStore}
                selectedIncidentId={selected}
                dispatchLines={historyMode ? null : dispatchLines}
                onIncidentClick={selectIncident}
                units={shownReplay?.units ?? unitStore}
                onSensorClick={onSensorClick}
                hidden={hidden}
              />
              <MapLegend hidden={hidden} onToggle={toggleLayer} />
            </div>
            {detail && (
              <aside className="panel detail-panel" aria-label={t('detail.title')}>
                {detail.type === 'incident' ? (
                  <IncidentDetailView
                    key={detail.id}
                    city={boot.city}
                    store={incidentStore}
                    id={detail.id}
                    onClose={closeDetail}
                    onDispatch={openDispatch}
                    role={session.user.role}
                  />
                ) : (
                  <DeviceDetailView
                    key={detail.id}
                    city={boot.city}
                    store={store}
                    id={detail.id}
                    onClose={closeDetail}
                  />
                )}
              </aside>
            )}
            <aside className="panel" aria-label={t(`views.${view}`)}>
              <nav className="tabs" role="tablist">
                {views.map((v) => (
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
              {!views.includes(view) ? (
                <p className="notice" role="alert" data-testid="view-denied">
                  {t('users.denied')}
                </p>
              ) : view === 'sensors' ? (
                <SensorPanel city={boot.city} store={store} onSelect={onSelect} />
              ) : view === 'units' ? (
                <UnitsBoard
                  units={unitStore}
                  incidents={incidentStore}
                  onSelectIncident={selectIncident}
                  onSelectUnit={focusAt}
                />
              ) : view === 'users' ? (
                <UsersAdmin />
              ) : view === 'history' ? (
                <HistoryPanel
                  city={boot.city}
                  onReplayState={onReplayState}
                  onSelectIncident={focusIncident}
                />
              ) : (
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
