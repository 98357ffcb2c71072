import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /**
     * TEST HOOK (e2e build only): the live map instance, set once it fired `load` and has its sources, so
     * its presence is the readiness signal browser tests (apps/console/e2e) wait on before
     * `queryRenderedFeatures({ layers: ['sensors'] })` and friends. Not an API for application code.
     */
    __iocMap?: MapLibreMap;
  }
}

export function exposeMapForTests(map: MapLibreMap): void {
  window.__iocMap = map;
  // gone within map.remove() itself: a test polling the hook must never reach a removed map
  map.once('remove', () => {
    if (window.__iocMap === map) delete window.__iocMap;
  });
}
