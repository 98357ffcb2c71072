import type { FeatureCollection, LineString } from 'geojson';
import { isCommandAllowed } from '@ioc/domain/incident.state-machine';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../api/auth.session';
import { runIncidentCommand } from '../api/incidents.api';
import { DeviceDetailView } from '../features/devices/device-detail.component';
import { DispatchDialog } from '../features/incidents/dispatch-dialog.component';
import { IncidentDetailView } from '../features/incidents/incident-detail.component';
import { IncidentQueue } from '../features/incidents/incident-queue.component';
import type { SensorRow } from '../features/sensors/sensor-rows';
import { CityTimeZoneContext } from '../i18n/city-time-zone.context';
import { currentLanguage } from '../i18n/i18n.setup';
import { formatDateTime } from '../i18n/locale.format';
import { CameraCard } from '../map/camera-card.component';
import { MapLegend } from '../map/map-legend.component';
import { MapView } from '../map/map-view.component';
import { UnitCard } from '../map/unit-card.component';
import { LiveStaleBanner } from './live-stale-banner.component';
import { AppHeader } from './app-header.component';
import { viewsFor } from './app-views';
import { useBootstrap } from './use-bootstrap.hook';
import { useLayerToggles } from './use-layer-toggles.hook';
import { useLiveFeed } from './use-live-feed.hook';
import { useLiveStores } from './use-live-stores.hook';
import { useMapFocus } from './use-map-focus.hook';
import { usePanelView } from './use-panel-view.hook';
import { usePersistedFlag } from './use-persisted-state.hook';
import { useReplay } from './use-replay.hook';

// Panels other than the default queue load when first opened.
const CameraPanel = lazy(() =>
  import('../features/cameras/camera-panel.component').then((m) => ({ default: m.CameraPanel })),
);
const SensorPanel = lazy(() =>
  import('../features/sensors/sensor-panel.component').then((m) => ({ default: m.SensorPanel })),
);
const UnitsBoard = lazy(() =>
  import('../features/units/units-board.component').then((m) => ({ default: m.UnitsBoard })),
);
const UsersAdmin = lazy(() =>
  import('../features/users/users-admin.component').then((m) => ({ default: m.UsersAdmin })),
);
const HistoryPanel = lazy(() =>
  import('../features/history/history-panel.component').then((m) => ({ default: m.HistoryPanel })),
);

const MUTE_KEY = 'ioc.muted';
const LEGEND_COLLAPSED_KEY = 'ioc.legend.collapsed';

/** What the detail panel shows: map markers open their own (incident, device, unit card, camera card). */
type Detail = { type: 'incident' | 'device' | 'unit' | 'camera'; id: string };

/** Layout: header on top, map filling the wall, detail and view panels on the right. State lives in hooks. */
export function AppShell({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const stores = useLiveStores();
  const { boot, error, retry } = useBootstrap(stores.sensors);
  const [muted, toggleMute] = usePersistedFlag(MUTE_KEY);
  const [legendCollapsed, toggleLegend] = usePersistedFlag(LEGEND_COLLAPSED_KEY);
  const { status, feed, lastDataAt } = useLiveFeed(stores, boot !== null, muted);
  const views = viewsFor(session.user.role);
  const [view, setView] = usePanelView();
  const [focus, focusAt] = useMapFocus();
  const [hidden, toggleLayer] = useLayerToggles();
  const [detail, setDetail] = useState<Detail | null>(null);
  const selected = detail?.type === 'incident' ? detail.id : null;
  const [dispatchFor, setDispatchFor] = useState<string | null>(null);
  const [dispatchLines, setDispatchLines] = useState<FeatureCollection<LineString> | null>(null);
  const {
    shown: shownReplay,
    replayAt,
    onReplayState,
  } = useReplay(boot?.city ?? null, view === 'history' && views.includes('history'));
  const historyMode = shownReplay !== null;
  const { incidents } = stores;

  const focusIncident = useCallback(
    (id: string, lon: number | null, lat: number | null) => {
      setDetail({ type: 'incident', id });
      if (lon !== null && lat !== null) focusAt(lon, lat);
    },
    [focusAt],
  );
  const selectIncident = useCallback(
    (id: string) => {
      const i = incidents.getSnapshot().get(id);
      focusIncident(id, i?.lon ?? null, i?.lat ?? null);
    },
    [incidents, focusIncident],
  );
  const ack = useCallback(
    (id: string) => {
      const s = incidents.getSnapshot().get(id)?.status;
      if (!s || !isCommandAllowed(s, 'ack')) return;
      void runIncidentCommand(id, 'ack')
        .then((d) => incidents.upsert(d))
        .catch(() => undefined);
    },
    [incidents],
  );
  // the state machine decides, as on the server: dispatch (or send more units) while it is being worked
  const openDispatch = useCallback(
    (id: string) => {
      const s = incidents.getSnapshot().get(id)?.status;
      if (s && isCommandAllowed(s, 'dispatch')) setDispatchFor(id);
    },
    [incidents],
  );
  const closeDispatch = useCallback(() => setDispatchFor(null), []);
  const dispatchIncident = dispatchFor ? incidents.getSnapshot().get(dispatchFor) : undefined;

  const cityName = boot?.city.name ?? null;
  useEffect(() => {
    document.title = cityName ? t('app.title', { city: cityName }) : t('app.titleShort');
  }, [cityName, t]);

  const onSelect = useCallback(
    (r: SensorRow) => {
      focusAt(r.lon, r.lat);
      setDetail({ type: 'device', id: r.id });
    },
    [focusAt],
  );
  const onSensorClick = useCallback((id: string) => setDetail({ type: 'device', id }), []);
  const onUnitClick = useCallback((id: string) => setDetail({ type: 'unit', id }), []);
  const onCameraClick = useCallback((id: string) => setDetail({ type: 'camera', id }), []);
  const closeDetail = useCallback(() => setDetail(null), []);

  return (
    <div className="app">
      <AppHeader cityName={cityName} status={status} feed={feed} session={session} />
      <main className="app-body">
        {boot && !historyMode && (
          <LiveStaleBanner
            status={status}
            feed={feed}
            lastDataAt={lastDataAt}
            timeZone={boot.config.timeZone}
          />
        )}
        {boot ? (
          <CityTimeZoneContext.Provider value={boot.config.timeZone}>
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
                  {t('history.mapBanner', {
                    time: replayAt ? formatDateTime(replayAt, lang, boot.config.timeZone) : '…',
                  })}
                </div>
              )}
              <MapView
                city={boot.city}
                styleUrl={boot.config.basemapStyleUrl}
                pmtilesUrl={boot.config.basemapPmtilesUrl}
                store={shownReplay?.sensors ?? stores.sensors}
                lang={lang}
                focus={focus}
                incidents={shownReplay?.incidents ?? incidents}
                selectedIncidentId={selected}
                dispatchLines={historyMode ? null : dispatchLines}
                onIncidentClick={selectIncident}
                units={shownReplay?.units ?? stores.units}
                onSensorClick={onSensorClick}
                onUnitClick={onUnitClick}
                onCameraClick={onCameraClick}
                hidden={hidden}
              />
              <MapLegend
                city={boot.city}
                hidden={hidden}
                onToggle={toggleLayer}
                collapsed={legendCollapsed}
                onToggleCollapsed={toggleLegend}
              />
            </div>
            {detail && (
              <aside className="panel detail-panel" aria-label={t('detail.title')}>
                {detail.type === 'incident' ? (
                  <IncidentDetailView
                    key={detail.id}
                    city={boot.city}
                    store={incidents}
                    units={stores.units}
                    id={detail.id}
                    onClose={closeDetail}
                    onDispatch={openDispatch}
                    role={session.user.role}
                    onOpenIncident={selectIncident}
                  />
                ) : detail.type === 'unit' ? (
                  <UnitCard
                    key={detail.id}
                    city={boot.city}
                    units={shownReplay?.units ?? stores.units}
                    incidents={shownReplay?.incidents ?? incidents}
                    id={detail.id}
                    onClose={closeDetail}
                    onSelectIncident={selectIncident}
                    onFocus={focusAt}
                  />
                ) : detail.type === 'camera' ? (
                  <Suspense fallback={<p className="notice">{t('app.loading')}</p>}>
                    <CameraPanel key={detail.id} city={boot.city} id={detail.id} onClose={closeDetail} />
                    <CameraCard
                      embedded
                      city={boot.city}
                      incidents={shownReplay?.incidents ?? incidents}
                      id={detail.id}
                      onClose={closeDetail}
                      onSelectIncident={selectIncident}
                    />
                  </Suspense>
                ) : (
                  <DeviceDetailView
                    key={detail.id}
                    city={boot.city}
                    store={stores.sensors}
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
              <Suspense
                fallback={
                  <div className="notice" aria-busy="true">
                    {t('app.loading')}
                  </div>
                }
              >
                {!views.includes(view) ? (
                  <p className="notice" role="alert" data-testid="view-denied">
                    {t('users.denied')}
                  </p>
                ) : view === 'sensors' ? (
                  <SensorPanel city={boot.city} store={stores.sensors} onSelect={onSelect} />
                ) : view === 'units' ? (
                  <UnitsBoard
                    units={stores.units}
                    incidents={incidents}
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
                    store={incidents}
                    selectedId={selected}
                    onSelect={selectIncident}
                    onAck={ack}
                    onDispatch={openDispatch}
                    muted={muted}
                    onToggleMute={toggleMute}
                  />
                )}
              </Suspense>
            </aside>
            {dispatchIncident && (
              <DispatchDialog
                incident={dispatchIncident}
                store={incidents}
                onClose={closeDispatch}
                onLines={setDispatchLines}
              />
            )}
          </CityTimeZoneContext.Provider>
        ) : error ? (
          <div className="notice" role="alert">
            <p>{t('app.loadFailed', { error })}</p>
            <button type="button" onClick={retry}>
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
