/** What the app passes to BasemapModule.forRoot. */
export interface BasemapOptions {
  /** External MapLibre style (e.g. a PMTiles-backed style with real streets); default: the offline style. */
  styleUrl?: string;
}

export const BASEMAP_OPTIONS = Symbol('BASEMAP_OPTIONS');

/** The built-in offline style's path, served by BasemapController. */
export const OFFLINE_STYLE_PATH = '/api/basemap/style.json';
