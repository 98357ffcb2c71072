/** What the app passes to BasemapModule.forRoot. */
export interface BasemapOptions {
  /** External MapLibre style (e.g. a PMTiles-backed style with real streets); default: the offline style. */
  styleUrl?: string;
  /** A PMTiles v3 archive of vector tiles (BASEMAP_PMTILES), served with range requests; checked at start. */
  pmtilesPath?: string;
}

export const BASEMAP_OPTIONS = Symbol('BASEMAP_OPTIONS');

/** The built-in offline style's path, served by BasemapController. */
export const OFFLINE_STYLE_PATH = '/api/basemap/style.json';

/** Where the server serves the BASEMAP_PMTILES archive (the console's `pmtiles://` source reads it). */
export const PMTILES_PATH = '/api/basemap/tiles.pmtiles';
