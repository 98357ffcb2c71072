import type { City } from '@ioc/contracts/city.schema';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef, useState } from 'react';
import { auth } from '../api/auth.session';
import type { SensorStateStore } from '../features/sensors/sensor-state.store';
import type { Language } from '../i18n/locale.format';
import { FrameBatcher } from './frame.batcher';
import type { FeatureCollection, LineString } from 'geojson';
import type { IncidentStore } from '../features/incidents/incident.store';
import { incidentFeatures } from './incident.features';
import {
  INCIDENT_LAYERS,
  LAYER_GROUPS,
  LAYER_CAMERAS,
  LAYER_SENSORS,
  LAYER_SENSOR_CLUSTERS,
  SENSOR_CLUSTER_OPTIONS,
  SOURCE_CAMERA_FOV,
  type LayerGroup,
  LAYER_INCIDENTS,
  LAYER_INCIDENT_HALO,
  OVERLAY_LAYERS,
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

// maplibre-gl 6 finds its worker next to its own module by default, which a bundle breaks.
maplibregl.setWorkerUrl(workerUrl);

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
  /** A camera marker was clicked (opens the camera panel). */
  onCameraClick?(id: string): void;
  hidden: ReadonlySet<LayerGroup>;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** Halo pulse period; the halo layer is tiny, so animating its paint costs one cheap repaint per step. */
const PULSE_PERIOD_MS = 1400;
const PULSE_STEP_MS = 100;

/**
 * Root-relative URLs (ours) made absolute: MapLibre fetches some resources from its worker. Our own
 * /api/basemap/* resources (style, glyphs, land) need the session's bearer token like every API call.
 */
function transformRequest(url: string): { url: string; headers?: Record<string, string> } {
  const abs = new URL(url, window.location.href).href;
  return { url: abs, headers: auth.headersFor(abs, window.location.origin) };
}

export function MapView({
  city,
  styleUrl,
  store,
  lang,
  focus,
  incidents,
  selectedIncidentId,
  dispatchLines,
  onIncidentClick,
  units,
  onSensorClick,
  onCameraClick,
  hidden,
}: Props) {
  const sensorClickRef = useRef(onSensorClick);
  sensorClickRef.current = onSensorClick;
  const cameraClickRef = useRef(onCameraClick);
  cameraClickRef.current = onCameraClick;
  const hiddenRef = useRef(hidden);
  const selectedRef = useRef(selectedIncidentId);
  const clickRef = useRef(onIncidentClick);
  clickRef.current = onIncidentClick;
  const refreshIncidents = useRef<(() => void) | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const langRef = useRef(lang);
  const refreshAll = useRef<(() => void) | null>(null);

  const [loaded, setLoaded] = useState<maplibregl.Map | null>(null);

  // The map itself lives as long as the city and style; the stores it draws may be swapped (live ↔ history).
  useEffect(() => {
    if (!container.current) return;
    const [lat, lon] = city.center;
    const map = new maplibregl.Map({
      container: container.current,
      style: new URL(styleUrl, window.location.href).href,
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

    map.on('click', LAYER_INCIDENTS, (e) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') clickRef.current(id);
    });
    map.on('click', LAYER_SENSORS, (e) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') sensorClickRef.current(id);
    });
    map.on('click', LAYER_CAMERAS, (e) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') cameraClickRef.current?.(id);
    });
    map.on('mouseenter', LAYER_CAMERAS, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', LAYER_CAMERAS, () => (map.getCanvas().style.cursor = ''));
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
    map.on('mouseenter', LAYER_INCIDENTS, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', LAYER_INCIDENTS, () => (map.getCanvas().style.cursor = ''));

    map.on('load', () => {
      map.addSource(SOURCE_CAMERAS, { type: 'geojson', data: cameraFeatures(city) });
      map.addSource(SOURCE_CAMERA_FOV, { type: 'geojson', data: cameraConeFeatures(city) });
      map.addSource(SOURCE_UNITS, { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE_SENSORS, { type: 'geojson', data: EMPTY, ...SENSOR_CLUSTER_OPTIONS });
      map.addSource(SOURCE_INCIDENTS, { type: 'geojson', data: EMPTY });
      map.addSource(SOURCE_DISPATCH, { type: 'geojson', data: EMPTY });
      for (const layer of [...OVERLAY_LAYERS, ...INCIDENT_LAYERS]) map.addLayer(layer);
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
      if (__IOC_TEST_HOOKS__) void import('./map.test-hook').then((h) => h.hideMapForTests(map));
      mapRef.current = null;
      map.remove();
    };
  }, [city, styleUrl]);

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

  return <div ref={container} className="map" />;
}

function applyVisibility(map: maplibregl.Map, hidden: ReadonlySet<LayerGroup>): void {
  for (const [group, layers] of Object.entries(LAYER_GROUPS) as [LayerGroup, readonly string[]][])
    for (const id of layers)
      if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', hidden.has(group) ? 'none' : 'visible');
}
