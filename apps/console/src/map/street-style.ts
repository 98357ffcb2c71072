import { layers as protomapsLayers, namedFlavor, type Flavor } from '@protomaps/basemaps';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { LABEL_FONT, SOURCE_WARDS } from './map.layers';
import type { MapTheme } from './map.theme';

/** The vector source over the server's archive; its layers are the protomaps basemap's. */
export const SOURCE_STREETS = 'protomaps';
/** Street names (highways and major roads from zoom 11; minor roads from 15), browser-test contract. */
export const LAYER_ROAD_LABELS_MAJOR = 'roads_labels_major';
export const STREETS_ATTRIBUTION =
  '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© OpenStreetMap</a>';
/** Labels in Vietnamese (`name:vi`, then the local `name`); names in another script fall back to English. */
export const STREET_LABEL_LANG = 'vi';

/**
 * We ship no sprite (icons would come from a CDN): layers that are only an icon are dropped, the
 * others keep their text without the icon (place dots, POI pictograms, road shields are lost).
 */
const ICON_ONLY_LAYERS = new Set(['roads_oneway', 'roads_shields']);

/** The protomaps flavour of a theme, every fontstack mapped to the one font the server serves. */
function flavorOf(theme: MapTheme): Flavor {
  return {
    ...namedFlavor(theme === 'day' ? 'light' : 'dark'),
    regular: LABEL_FONT,
    bold: LABEL_FONT,
    italic: LABEL_FONT,
  };
}

function withoutIcons(layers: LayerSpecification[]): LayerSpecification[] {
  return layers
    .filter((l) => !ICON_ONLY_LAYERS.has(l.id))
    .map((l) => {
      if (l.type !== 'symbol' || !l.layout || !('icon-image' in l.layout)) return l;
      const { 'icon-image': _icon, ...layout } = l.layout;
      return { ...l, layout };
    });
}

/** The basemap's own layers for a theme (used at start and when the day/night switch flips). */
export function streetLayers(theme: MapTheme): LayerSpecification[] {
  const base = protomapsLayers(SOURCE_STREETS, flavorOf(theme), {
    lang: STREET_LABEL_LANG,
  }) as unknown as LayerSpecification[];
  return [
    ...withoutIcons(base),
    // Ward boundaries over the streets (names are the console's ward-label layer, map/ward-labels.ts).
    {
      id: 'wards-outline',
      type: 'line',
      source: SOURCE_WARDS,
      paint: {
        'line-color': theme === 'day' ? '#6b7f99' : '#7f9bbd',
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 15, 1.8],
        'line-dasharray': [3, 2],
        'line-opacity': 0.8,
      },
    },
  ];
}

/**
 * The street basemap style: the protomaps layers over `pmtiles://<archive>`, glyphs and ward polygons
 * from our server. `origin` is the console's (absolute URLs: MapLibre's worker fetches glyphs).
 */
export function streetStyle(archiveUrl: string, origin: string, theme: MapTheme): StyleSpecification {
  return {
    version: 8,
    name: `IOC streets (${theme})`,
    glyphs: `${origin}/api/basemap/fonts/{fontstack}/{range}.pbf`,
    sources: {
      [SOURCE_STREETS]: { type: 'vector', url: `pmtiles://${archiveUrl}`, attribution: STREETS_ATTRIBUTION },
      [SOURCE_WARDS]: { type: 'geojson', data: `${origin}/api/city/wards.geojson` },
    },
    layers: streetLayers(theme),
  };
}
