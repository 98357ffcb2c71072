import { Inject, Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { invalidInput, notFound } from '../common/http/api.errors';
import { BASEMAP_OPTIONS, OFFLINE_STYLE_PATH, PMTILES_PATH, type BasemapOptions } from './basemap.options';
import { clipPolygonsToBBox } from './bbox-clip.util';
import { BASEMAP_FONT, LAND_BBOX, buildOfflineStyle } from './offline-style.factory';

/** Fonts of the Noto Sans family styles ask for (e.g. @protomaps/basemaps: Italic, Medium) are served
 * from the one Noto Sans we ship: same letters, Vietnamese included, only not slanted or bold. */
const NOTO_FAMILY = /^Noto Sans( |$)/;
const FONT_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/;
const RANGE = /^(\d{1,5})-(\d{1,5})$/;
/** host[:port], IPv4/IPv6 literal: anything else in a Host header is not put into the style. */
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

type Position = [number, number];

/**
 * The offline basemap: style, Natural Earth land around Vietnam and Noto glyphs, all from npm
 * packages (world-atlas, tileserver-gl-styles) so the console needs no network at all.
 */
@Injectable()
export class BasemapService {
  private land: string | null = null;
  private fonts: Set<string> | null = null;
  // require.resolve finds the packages from src (jest) and from dist alike.
  private readonly fontsDir = join(dirname(require.resolve('tileserver-gl-styles/package.json')), 'fonts');

  constructor(@Inject(BASEMAP_OPTIONS) private readonly options: BasemapOptions) {}

  /** Style URL the console loads: the configured one, else the offline style. */
  styleUrl(): string {
    return this.options.styleUrl ?? OFFLINE_STYLE_PATH;
  }

  /** The served PMTiles archive's path, when BASEMAP_PMTILES is set. */
  pmtilesUrl(): string | undefined {
    return this.options.pmtilesPath ? PMTILES_PATH : undefined;
  }

  /** The archive's file (BASEMAP_PMTILES), or undefined. */
  pmtilesFile(): string | undefined {
    return this.options.pmtilesPath;
  }

  /** Offline style with absolute URLs for `protocol://host`; root-relative when the host looks forged. */
  style(protocol: string, host: string | undefined): Record<string, unknown> {
    const ok = (protocol === 'http' || protocol === 'https') && !!host && HOST.test(host);
    return buildOfflineStyle(ok ? `${protocol}://${host}` : '');
  }

  /** Land polygons clipped to LAND_BBOX as a GeoJSON string, computed once (≈170 kB). */
  landGeoJson(): string {
    this.land ??= JSON.stringify(this.computeLand());
    return this.land;
  }

  /** One 256-glyph range of the first available font of a comma-separated fontstack. */
  async glyphs(fontstack: string, range: string): Promise<Buffer> {
    const m = RANGE.exec(range);
    const start = m ? Number(m[1]) : NaN;
    if (!m || start % 256 !== 0 || Number(m[2]) !== start + 255 || start > 65280) {
      throw invalidInput('range', 'must be N-(N+255) with N a multiple of 256');
    }
    const names = fontstack.split(',').map((n) => n.trim());
    if (names.length > 8 || names.some((n) => !FONT_NAME.test(n)))
      throw invalidInput('fontstack', 'must name fonts of letters, digits, spaces, _ and -');
    // Only names listed from the fonts folder reach the file system: no path built from raw input.
    const available = this.availableFonts();
    const font =
      names.find((n) => available.has(n)) ??
      (names.some((n) => NOTO_FAMILY.test(n)) && available.has(BASEMAP_FONT) ? BASEMAP_FONT : undefined);
    if (!font) throw notFound(`no such font: ${fontstack}`);
    try {
      return await readFile(join(this.fontsDir, font, `${start}-${start + 255}.pbf`));
    } catch {
      throw notFound(`no glyph range ${range} for ${font}`);
    }
  }

  availableFonts(): Set<string> {
    this.fonts ??= new Set(
      readdirSync(this.fontsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name),
    );
    return this.fonts;
  }

  private computeLand(): GeoJSON.FeatureCollection {
    const topo = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8')) as Topology<{
      land: GeometryCollection;
    }>;
    const polygons: Position[][][] = [];
    for (const f of feature(topo, topo.objects.land).features) {
      const g = f.geometry;
      if (g.type === 'Polygon') polygons.push(g.coordinates as Position[][]);
      else if (g.type === 'MultiPolygon') polygons.push(...(g.coordinates as Position[][][]));
    }
    const clipped = clipPolygonsToBBox(polygons, LAND_BBOX);
    return {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { source: 'Natural Earth 1:10m land' },
          geometry: { type: 'MultiPolygon', coordinates: clipped },
        },
      ],
    };
  }
}
