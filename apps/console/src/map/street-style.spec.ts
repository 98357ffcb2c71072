import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basemapStrings } from '../i18n/basemap.locale';
import { LABEL_FONT } from './map.layers';
import { LAYER_ROAD_LABELS_MAJOR, SOURCE_STREETS, streetLayers, streetStyle } from './street-style';

const origin = 'http://ioc.local:8080';
const archive = `${origin}/api/basemap/tiles.pmtiles`;

/** Every fontstack a `text-font` (of a layout or of a `format` section) can name. */
function fontsOf(v: unknown, out = new Set<string>(), inFont = false): Set<string> {
  if (Array.isArray(v)) {
    if (inFont && v[0] === 'literal' && Array.isArray(v[1])) out.add((v[1] as string[]).join(','));
    else v.forEach((x) => fontsOf(x, out, inFont));
  } else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v))
      if (k === 'text-font' && Array.isArray(x) && x.every((f) => typeof f === 'string') && x[0] !== 'case')
        out.add(x.join(','));
      else fontsOf(x, out, inFont || k === 'text-font');
  return out;
}

describe('street style (protomaps over the served PMTiles)', () => {
  it.each(['night', 'day'] as const)(
    '%s: every URL on our origin, the archive through pmtiles://',
    (theme) => {
      const s = streetStyle(archive, origin, theme);
      expect(s.glyphs).toBe(`${origin}/api/basemap/fonts/{fontstack}/{range}.pbf`);
      expect(s.sprite).toBeUndefined();
      expect(s.sources[SOURCE_STREETS]).toMatchObject({ type: 'vector', url: `pmtiles://${archive}` });
      expect(JSON.stringify(s.sources[SOURCE_STREETS])).toContain('© OpenStreetMap');
      expect(s.sources['wards']).toEqual({ type: 'geojson', data: `${origin}/api/city/wards.geojson` });
    },
  );

  it('has no icon (no sprite is served) and asks only for the Noto Sans family', () => {
    for (const theme of ['night', 'day'] as const) {
      const layers = streetLayers(theme);
      expect(JSON.stringify(layers)).not.toContain('icon-image');
      const fonts = [...fontsOf(layers)];
      expect(fonts).toContain(LABEL_FONT);
      // Devanagari names would ask for their own Noto font; the server maps every Noto Sans name to ours
      expect(fonts.every((f) => f.startsWith('Noto Sans'))).toBe(true);
    }
  });

  it('labels streets in Vietnamese first (name:vi, then name), and flavours differ by colour', () => {
    const night = streetLayers('night');
    const label = night.find((l) => l.id === LAYER_ROAD_LABELS_MAJOR)!;
    expect(label).toMatchObject({ type: 'symbol', 'source-layer': 'roads' });
    expect(JSON.stringify(label.layout)).toContain('"name:vi"');
    const bg = (t: 'night' | 'day') =>
      (streetLayers(t).find((l) => l.id === 'background') as unknown as { paint: Record<string, string> })
        .paint;
    expect(bg('night')['background-color']).not.toBe(bg('day')['background-color']);
    expect(night.map((l) => l.id)).toContain('wards-outline');
  });

  it('reads the layers and fields the fixture archive has (earth, water, roads with kind/name)', () => {
    const dir = join(__dirname, '../../../../tools/fixtures/phan-thiet-streets');
    const roads = JSON.parse(readFileSync(join(dir, 'roads.geojson'), 'utf8')) as {
      features: { properties: Record<string, string> }[];
    };
    const used = new Set(streetLayers('night').map((l) => ('source-layer' in l ? l['source-layer'] : '')));
    for (const l of ['earth', 'water', 'roads']) expect(used).toContain(l);
    for (const f of roads.features)
      expect(f.properties).toEqual(
        expect.objectContaining({ kind: expect.any(String), 'name:vi': f.properties['name'] }),
      );
  });

  it('has the same switch strings in vi and en', () => {
    expect(Object.keys(basemapStrings.en.basemap.theme).sort()).toEqual(
      Object.keys(basemapStrings.vi.basemap.theme).sort(),
    );
  });
});
