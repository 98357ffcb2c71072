/** Only font shipped by tileserver-gl-styles; it covers Vietnamese (Latin Extended Additional). */
export const BASEMAP_FONT = 'Noto Sans Regular';

/** Region the offline land layer covers: Vietnam incl. Hoàng Sa and Trường Sa, plus neighbours' coasts. */
export const LAND_BBOX = [99, 5, 118, 24] as const;

/**
 * The offline MapLibre style v8: dark sea, Natural Earth land, ward areas and outlines. Ward names are
 * not here: a symbol layer on polygons repeats the name per tile and part; the console writes each
 * name once, at a label point it computes from this `wards` source (map/ward-labels.ts).
 * `origin` (e.g. "http://host:8080") makes source URLs absolute, which MapLibre's worker needs;
 * an empty origin leaves them root-relative.
 */
export function buildOfflineStyle(origin: string): Record<string, unknown> {
  return {
    version: 8,
    name: 'IOC offline dark',
    glyphs: `${origin}/api/basemap/fonts/{fontstack}/{range}.pbf`,
    sources: {
      land: { type: 'geojson', data: `${origin}/api/basemap/land.geojson`, attribution: 'Natural Earth' },
      wards: { type: 'geojson', data: `${origin}/api/city/wards.geojson` },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#0a1520' } },
      {
        id: 'land',
        type: 'fill',
        source: 'land',
        paint: { 'fill-color': '#1a2431', 'fill-antialias': true },
      },
      { id: 'land-coast', type: 'line', source: 'land', paint: { 'line-color': '#2c3e52', 'line-width': 1 } },
      {
        id: 'wards-fill',
        type: 'fill',
        source: 'wards',
        paint: { 'fill-color': '#22344a', 'fill-opacity': 0.35 },
      },
      {
        id: 'wards-outline',
        type: 'line',
        source: 'wards',
        paint: {
          'line-color': '#4b6a8c',
          'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 1.5],
          'line-dasharray': [3, 2],
        },
      },
    ],
  };
}
