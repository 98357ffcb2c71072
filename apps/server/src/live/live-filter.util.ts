import type { LiveEvent } from '@ioc/contracts/live-event.schema';
import {
  LAYER_OF_KIND,
  LIVE_LAYERS,
  type LiveBbox,
  type LiveLayer,
  type LiveSubscribeRequest,
} from '@ioc/contracts/live.events';

export interface LiveFilter {
  layers: ReadonlySet<LiveLayer>;
  bbox: LiveBbox | null;
  /** Same key = same filter: clients sharing it share one encoded message per batch. */
  key: string;
}

export interface Position {
  lat: number;
  lon: number;
}

/** Where a device (sensor, camera) is, if known. */
export type Locate = (deviceId: string) => Position | undefined;

export function liveFilter(req: Pick<LiveSubscribeRequest, 'layers' | 'bbox'>): LiveFilter {
  const layers = new Set(req.layers);
  const bbox = req.bbox ?? null;
  const key = `${LIVE_LAYERS.filter((l) => layers.has(l)).join(',')}|${bbox ? bbox.join(',') : ''}`;
  return { layers, bbox, key };
}

export function inBbox(bbox: LiveBbox | null, p: Position | null | undefined): boolean {
  // Things without a known position are never hidden by a bbox (a city-wide incident, a new device).
  if (!bbox || !p) return true;
  const [w, s, e, n] = bbox;
  return p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n;
}

/**
 * Whether a durable event reaches a subscriber: its layer, and its place when a bbox is set. Incidents
 * carry their position; camera events are placed at their camera; unit status changes carry none (units
 * are few and the dispatch board lists them all).
 */
export function matchesEvent(f: LiveFilter, e: LiveEvent, locate: Locate): boolean {
  if (!f.layers.has(LAYER_OF_KIND[e.kind])) return false;
  if (!f.bbox) return true;
  switch (e.kind) {
    case 'incident':
      return e.payload.lat === null || e.payload.lon === null
        ? true
        : inBbox(f.bbox, { lat: e.payload.lat, lon: e.payload.lon });
    case 'camera_event':
      return inBbox(f.bbox, locate(e.payload.camera));
    case 'unit':
      return true;
  }
}
