import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './mini-map.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef } from 'react';

maplibregl.setWorkerUrl(workerUrl);

/** The offline basemap without labels, public: the citizen form and the responder's phone read it. */
export const PUBLIC_STYLE_URL = '/public/map/style.json';

export interface MiniMapMarker {
  id: string;
  lat: number;
  lon: number;
  color: string;
  label: string;
}

interface Props {
  center: [number, number];
  zoom: number;
  markers: readonly MiniMapMarker[];
  /** When set, a tap on the map picks that place. */
  onPick?: (lat: number, lon: number) => void;
  /** Keeps the markers in view when they change. */
  fit?: boolean;
  label: string;
  testId?: string;
}

/**
 * A small map for phones: the offline basemap (land, ward outlines), a few markers, optionally a tap to
 * pick a place. No tiles from elsewhere, no token (the style is public).
 */
export function MiniMap({ center, zoom, markers, onPick, fit, label, testId }: Props) {
  const container = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const markerRefs = useRef(new Map<string, maplibregl.Marker>());
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: new URL(PUBLIC_STYLE_URL, window.location.href).href,
      center: [center[1], center[0]],
      zoom,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.on('click', (e) => pickRef.current?.(e.lngLat.lat, e.lngLat.lng));
    mapRef.current = map;
    const refs = markerRefs.current;
    return () => {
      refs.clear();
      map.remove();
      mapRef.current = null;
    };
    // the map is created once; markers and the view follow below
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const refs = markerRefs.current;
    for (const [id, m] of refs)
      if (!markers.some((k) => k.id === id)) {
        m.remove();
        refs.delete(id);
      }
    for (const k of markers) {
      let m = refs.get(k.id);
      if (!m) {
        const el = document.createElement('div');
        el.className = 'mini-map-marker';
        el.dataset.marker = k.id;
        m = new maplibregl.Marker({ element: el }).setLngLat([k.lon, k.lat]).addTo(map);
        refs.set(k.id, m);
      }
      const el = m.getElement();
      el.style.background = k.color;
      el.title = k.label;
      el.setAttribute('aria-label', k.label);
      m.setLngLat([k.lon, k.lat]);
    }
    if (fit && markers.length > 1) {
      const b = new maplibregl.LngLatBounds();
      for (const k of markers) b.extend([k.lon, k.lat]);
      map.fitBounds(b, { padding: 40, maxZoom: 16, duration: 0 });
    } else if (fit && markers.length === 1)
      map.jumpTo({ center: [markers[0].lon, markers[0].lat], zoom: Math.max(map.getZoom(), 14) });
  }, [markers, fit]);

  return <div ref={container} className="mini-map" role="img" aria-label={label} data-testid={testId} />;
}
