import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /**
     * TEST HOOK: the live map instance, for browser tests (apps/console/e2e) to call `loaded()` and
     * `queryRenderedFeatures({ layers: ['sensors'] })`. Not an API for application code.
     */
    __iocMap?: MapLibreMap;
  }
}

export function exposeMapForTests(map: MapLibreMap | undefined): void {
  if (map) window.__iocMap = map;
  else delete window.__iocMap;
}
