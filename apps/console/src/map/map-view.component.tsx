import type { City } from '@ioc/contracts/city.schema';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef, useState } from 'react';
import { Protocol } from 'pmtiles';
import { auth } from '../api/auth.session';
import { sessionPmtiles } from '../api/pmtiles.source';
import type { SensorStateStore } from '../features/sensors/sensor-state.store';
import type { Language } from '../i18n/locale.format';
import { FrameBatcher } from './frame.batcher';
import type { FeatureCollection, LineString } from 'geojson';
import type { IncidentStore } from '../features/incidents/incident.store';
import { incidentFeatures } from './incident.features';
import {
  INCIDENT_LAYERS,
  LAYER_GROUPS,
  LAYER_SENSORS,
  LAYER_SENSOR_CLUSTERS,
  SENSOR_CLUSTER_OPTIONS,
  SOURCE_CAMERA_FOV,
  type LayerGroup,
  LAYER_CAMERAS,
  LAYER_CAMERA_FOV,
  LAYER_INCIDENTS,
  LAYER_INCIDENT_HALO,
  LAYER_UNITS,
  LAYER_WARD_LABELS,
  OVERLAY_LAYERS,
  SOURCE_WARD_LABELS,
  SOURCE_WARDS,
  WARD_LABEL_LAYER,
  SOURCE_CAMERAS,
  SOURCE_DISPATCH,
  SOURCE_INCIDENTS,
  SOURCE_SENSORS,
  SOURCE_UNITS,
} from './map.layers';
import { SensorFeatureCache } from './sensor.features';
import type { UnitStore } from '../features/units/unit.store';
import { cameraConeFeatures } from './camera.features';
import { cameraFeatures } from './static.features';
import { unitFeatures } from './unit.features';
import { addUnitIcons } from './unit.symbols';
import { wardLabelFeatures } from './ward-labels';
import { MapTooltip, type MapHover, type MarkerKind } from './map-tooltip.component';
import { LANDMARK_LAYERS, SOURCE_LANDMARKS, landmarkFeatures } from './landmark.layers';
import { MapThemeSwitch } from './map-theme-switch.component';
import {
  DEMO_BASEMAP_THEME_PAINT,
  MAP_THEME_KEY,
  OVERLAY_THEME_PAINT,
  applyThemePaint,
  storedMapTheme,
  type MapTheme,
} from './map.theme';
import { streetLayers, streetStyle } from './street-style';

// maplibre-gl 6 finds its worker next to its own module by default, which a bundle breaks.
maplibregl.setWorkerUrl(workerUrl);

// `pmtiles://<archive URL>` sources (the street basemap): tiles read by range requests on the main thread.
const pmtilesProtocol = new Protocol();
maplibregl.addProtocol('pmtiles', pmtilesProtocol.tile);

/** Every layer id either flavour of the street style has: what a theme switch replaces, nothing else. */
const STREET_LAYER_IDS = new Set([...streetLayers('night'), ...streetLayers('day')].map((l) => l.id));

/** Sensor values on the map refresh at most once a second (the list stays at the live rate). */
const MAP_UPDATE_MIN_INTERVAL_MS = 1000;

export interface MapFocus {
  lon: number;
  lat: number;
  /** Changes on every request so the same place can be focused twice. */
  seq: number;
}

interface Props {
  city: City;
  styleUrl: string;
  /** The server's PMTiles street archive (`/api/config`); when set the console builds a street style over it. */
  pmtilesUrl?: string;
  store: SensorStateStore;
  lang: Language;
  focus: MapFocus | null;
  incidents: IncidentStore;
  selectedIncidentId: string | null;
  /** Lines from suggested units to the incident while the dispatch dialog is open. */
  dispatchLines: FeatureCollection<LineString> | null;
  onIncidentClick(id: string): void;
  units: UnitStore;
  onSensorClick(id: string): void;
  onUnitClick(id: string): void;
  onCameraClick(id: string): void;
  hidden: ReadonlySet<LayerGroup>;
}

/** Marker layers with a tooltip and a click action, and what kind of marker each draws. */
const MARKER_LAYERS: [string, MarkerKind][] = [
  [LAYER_INCIDENTS, 'incident'],
  [LAYER_UNITS, 'unit'],
  [LAYER_SENSORS, 'sensor'],
  [LAYER_CAMERAS, 'camera'],
];
const MARKER_KIND = new Map(MARKER_LAYERS);
const MARKER_LAYER_IDS = MARKER_LAYERS.map(([l]) => l);

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** Halo pulse period; the halo layer is tiny, so animating its paint costs one cheap repaint per step. */
const PULSE_PERIOD_MS = 1400;
const PULSE_STEP_MS = 100;

/**
 * Root-relative URLs (ours) made absolute: MapLibre fetches some resources from its worker. Our own
 * /api/basemap/* resources (style, glyphs, land) need the session's bearer token like every API call.
 */
function transformRequest(url: string): { url: string; headers?: Record<string, string> } {
  // pmtiles://… is handled by the protocol (with the token, api/pmtiles.source.ts); URL() would mangle it.
  if (!/^(https?:|\/)/.test(url) && /^[a-z][a-z0-9+.-]*:/i.test(url)) return { url };
  const abs = new URL(url, window.location.href).href;
  return { url: abs, headers: auth.headersFor(abs, window.location.origin) };
}

export function MapView({
  city,
  styleUrl,
  pmtilesUrl,
  store,
  lang,
  focus,
  incidents,
  selectedIncidentId,
  dispatchLines,
  onIncidentClick,
  units,
  onSensorClick,
  onUnitClick,
  onCameraClick,
  hidden,
}: Props) {
  const markerClickRef = useRef<Record<MarkerKind, (id: string) => void>>({
    sensor: onSensorClick,
    camera: onCameraClick,
    unit: onUnitClick,
    incident: onIncidentClick,
  });
  markerClickRef.current = {
    sensor: onSensorClick,
    camera: onCameraClick,
    unit: onUnitClick,
    incident: onIncidentClick,
  };
  const [hover, setHover] = useState<MapHover | null>(null);
  const hiddenRef = useRef(hidden);
  const selectedRef = useRef(selectedIncidentId);
  const refreshIncidents = useRef<(() => void) | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const langRef = useRef(lang);
  const refreshAll = useRef<(() => void) | null>(null);

  const [loaded, setLoaded] = useState<maplibregl.Map | null>(null);
  const [theme, setTheme] = useState<MapTheme>(storedMapTheme);
  const themeRef = useRef(theme);
  /** The archive's absolute URL when the map shows the street style. */
  const streetsRef = useRef<string | null>(null);
  /** The theme the current map's basemap and palette were drawn with. */
  const styledThemeRef = useRef<MapTheme | null>(null);

  // The map itself lives as long as the city and style; the stores it draws may be swapped (live ↔ history).
  useEffect(() => {
    if (!container.current) return;
    const [lat, lon] = city.center;
    const archive = pmtilesUrl ? new URL(pmtilesUrl, window.location.href).href : null;
    if (archive && !pmtilesProtocol.get(archive)) pmtilesProtocol.add(sessionPmtiles(archive));
    streetsRef.current = archive;
    styledThemeRef.current = themeRef.current;
    const map = new maplibregl.Map({
      container: container.current,
      style: archive
        ? streetStyle(archive, window.location.origin, themeRef.current)
        : new URL(styleUrl, window.location.href).href,
      center: [lon, lat],
      zoom: city.zoom,
      attributionControl: { compact: true },
      // No label fade: each 1 Hz update would otherwise cost several extra frames of placement.
      fadeDuration: 0,
      transformRequest,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: true }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

    // The topmost marker under the pointer: tooltip on hover, its action on click.
    const markerAt = (point: maplibregl.PointLike): { kind: MarkerKind; id: string } | null => {
      const layers = MARKER_LAYER_IDS.filter((l) => map.getLayer(l));
      const f = layers.length ? map.queryRenderedFeatures(point, { layers })[0] : undefined;
      const id = f?.properties?.['id'];
      const kind = f ? MARKER_KIND.get(f.layer.id) : undefined;
      return kind && typeof id === 'string' ? { kind, id } : null;
    };
    map.on('mousemove', (e) => {
      const m = markerAt(e.point);
      map.getCanvas().style.cursor = m ? 'pointer' : '';
      setHover((h) =>
        !m
          ? null
          : h && h.kind === m.kind && h.id === m.id && h.x === e.point.x && h.y === e.point.y
            ? h
            : { ...m, x: e.point.x, y: e.point.y },
      );
    });
    map.on('mouseout', () => setHover(null));
    map.on('movestart', () => setHover(null));
    map.on('click', (e) => {
      const m = markerAt(e.point);
      if (m) markerClickRef.current[m.kind](m.id);
    });
    map.on('click', LAYER_SENSOR_CLUSTERS, (e) => {
      const f = e.features?.[0];
      const clusterId = f?.properties?.['cluster_id'];
      if (!f || typeof clusterId !== 'number' || f.geometry.type !== 'Point') return;
      const center = f.geometry.coordinates as [number, number];
      void map
        .getSource<maplibregl.GeoJSONSource>(SOURCE_SENSORS)
        ?.getClusterExpansionZoom(clusterId)
        .then((zoom) => map.easeTo({ center, zoom }));
    });

    map.on('load', () => {
      map.addSource(SOURCE_CAMERAS, { type: 'geojson', data: cameraFeatures(city) });
      map.addSource(SOURCE_CAMERA_FOV, { type: 'geojson', data: cameraConeFeatures(city) });
      map.addSource(SOURCE_UNITS, { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE_SENSORS, { type: 'geojson', data: EMPTY, ...SENSOR_CLUSTER_OPTIONS });
      map.addSource(SOURCE_INCIDENTS, { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE_DISPATCH, { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE_LANDMARKS, { type: 'geojson', data: landmarkFeatures(city) });
      addUnitIcons(map);
      // Landmarks lowest: ward names (inserted later, above them) and markers win label placement.
      for (const layer of [...LANDMARK_LAYERS, ...OVERLAY_LAYERS, ...INCIDENT_LAYERS]) map.addLayer(layer);
      addWardLabels(map, () => {
        applyThemePaint(map, themeRef.current, OVERLAY_THEME_PAINT);
        applyVisibility(map, hiddenRef.current);
      });
      applyThemePaint(map, themeRef.current, [...DEMO_BASEMAP_THEME_PAINT, ...OVERLAY_THEME_PAINT]);
      applyVisibility(map, hiddenRef.current);
      setLoaded(map);
      // e2e build only (folded away otherwise): the map, once it is ready, for the browser tests.
      if (__IOC_TEST_HOOKS__)
        void import('./map.test-hook').then((h) => {
          if (mapRef.current === map) h.exposeMapForTests(map);
        });
    });

    return () => {
      setLoaded(null);
      mapRef.current = null;
      map.remove();
    };
  }, [city, styleUrl, pmtilesUrl]);

  // Day/night: the basemap's flavour (street style) or colours (demo style), and the operator palette.
  useEffect(() => {
    if (themeRef.current !== theme) {
      themeRef.current = theme;
      try {
        localStorage.setItem(MAP_THEME_KEY, theme);
      } catch {
        /* private mode: the choice lasts for this page only */
      }
    }
    const map = loaded;
    if (!map || styledThemeRef.current === theme) return;
    styledThemeRef.current = theme;
    const archive = streetsRef.current;
    if (archive)
      // Only the basemap's layers change; MapLibre diffs the styles, so the operator sources, layers and
      // icons stay as they are.
      map.setStyle(streetStyle(archive, window.location.origin, theme), {
        transformStyle: (prev, next) => ({
          ...next,
          sources: { ...(prev?.sources ?? {}), ...next.sources },
          layers: [...next.layers, ...(prev?.layers ?? []).filter((l) => !STREET_LAYER_IDS.has(l.id))],
        }),
      });
    applyThemePaint(map, theme, [...DEMO_BASEMAP_THEME_PAINT, ...OVERLAY_THEME_PAINT]);
  }, [theme, loaded]);

  // Draws the given stores and follows their changes; runs again when the console switches live ↔ history.
  useEffect(() => {
    const map = loaded;
    if (!map) return;
    const features = new SensorFeatureCache(city);
    const setSensors = (ids?: Iterable<string>) => {
      const src = map.getSource<maplibregl.GeoJSONSource>(SOURCE_SENSORS);
      src?.setData(features.update(store.getSnapshot(), langRef.current, ids));
    };
    const batcher = new FrameBatcher<string>((ids) => setSensors(ids), {
      minIntervalMs: MAP_UPDATE_MIN_INTERVAL_MS,
    });
    const unsubscribe = store.subscribe((ids) => batcher.add(ids));
    refreshAll.current = () => setSensors();

    // Only animate while something pulses: each paint change re-renders the map.
    let pulsing = false;
    const setIncidents = () => {
      const data = incidentFeatures(incidents.getSnapshot().values(), selectedRef.current);
      pulsing = data.features.some((f) => f.properties.pulse === 1);
      map.getSource<maplibregl.GeoJSONSource>(SOURCE_INCIDENTS)?.setData(data);
    };
    const incidentBatcher = new FrameBatcher<number>(() => setIncidents());
    const unsubscribeIncidents = incidents.subscribe(() => incidentBatcher.add([0]));
    refreshIncidents.current = () => incidentBatcher.add([0]);
    const pulse = setInterval(() => {
      if (!pulsing || document.hidden) return;
      const phase = (performance.now() % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
      map.setPaintProperty(LAYER_INCIDENT_HALO, 'circle-radius', 10 + 14 * phase);
      map.setPaintProperty(LAYER_INCIDENT_HALO, 'circle-opacity', 0.5 * (1 - phase));
    }, PULSE_STEP_MS);
    const setUnits = () =>
      map
        .getSource<maplibregl.GeoJSONSource>(SOURCE_UNITS)
        ?.setData(unitFeatures(units.getSnapshot().values()));
    const unitBatcher = new FrameBatcher<number>(() => setUnits());
    const unsubscribeUnits = units.subscribe(() => unitBatcher.add([0]));
    setSensors();
    setIncidents();
    setUnits();

    return () => {
      clearInterval(pulse);
      unsubscribeUnits();
      unitBatcher.stop();
      unsubscribeIncidents();
      incidentBatcher.stop();
      refreshIncidents.current = null;
      unsubscribe();
      batcher.stop();
      refreshAll.current = null;
    };
  }, [loaded, city, store, incidents, units]);

  useEffect(() => {
    hiddenRef.current = hidden;
    const map = mapRef.current;
    if (map?.getLayer(LAYER_INCIDENTS)) applyVisibility(map, hidden);
  }, [hidden]);

  // Labels carry locale-formatted numbers: rebuild them all when the language changes.
  useEffect(() => {
    langRef.current = lang;
    refreshAll.current?.();
  }, [lang]);

  useEffect(() => {
    selectedRef.current = selectedIncidentId;
    refreshIncidents.current?.();
  }, [selectedIncidentId]);

  useEffect(() => {
    const map = mapRef.current;
    const apply = () =>
      map?.getSource<maplibregl.GeoJSONSource>(SOURCE_DISPATCH)?.setData(dispatchLines ?? EMPTY);
    if (map?.getSource(SOURCE_DISPATCH)) apply();
    else map?.once('load', apply);
  }, [dispatchLines]);

  useEffect(() => {
    if (focus)
      mapRef.current?.flyTo({ center: [focus.lon, focus.lat], zoom: Math.max(mapRef.current.getZoom(), 15) });
  }, [focus]);

  return (
    <>
      <div ref={container} className="map" data-map-theme={theme} />
      <MapThemeSwitch theme={theme} onChange={setTheme} />
      {hover && loaded && (
        <MapTooltip hover={hover} city={city} sensors={store} units={units} incidents={incidents} />
      )}
    </>
  );
}

/**
 * One name per ward: a point source computed once from the style's ward polygons, replacing a label
 * layer on the polygons themselves (which MapLibre repeats per tile and part). Without a `wards`
 * source (another basemap style) there are no ward names to write.
 */
function addWardLabels(map: maplibregl.Map, then: () => void): void {
  const wards = map.getSource<maplibregl.GeoJSONSource>(SOURCE_WARDS);
  if (!wards || typeof wards.getData !== 'function') return;
  void wards
    .getData()
    .then((data) => {
      if (!map.getStyle() || map.getSource(SOURCE_WARD_LABELS)) return;
      if (map.getLayer(LAYER_WARD_LABELS)) map.removeLayer(LAYER_WARD_LABELS);
      map.addSource(SOURCE_WARD_LABELS, { type: 'geojson', data: wardLabelFeatures(data) });
      map.addLayer(WARD_LABEL_LAYER, map.getLayer(LAYER_CAMERA_FOV) ? LAYER_CAMERA_FOV : undefined);
      then();
    })
    .catch(() => undefined);
}

function applyVisibility(map: maplibregl.Map, hidden: ReadonlySet<LayerGroup>): void {
  for (const [group, layers] of Object.entries(LAYER_GROUPS) as [LayerGroup, readonly string[]][])
    for (const id of layers)
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', hidden.has(group) ? 'none' : 'visible');
}
