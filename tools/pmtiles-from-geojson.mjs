#!/usr/bin/env node
// `node tools/pmtiles-from-geojson.mjs --in roads.geojson --layer roads [--in earth.geojson --layer earth …]
//    --out city.pmtiles [--minzoom 0] [--maxzoom 15] [--name …] [--attribution …]`
// Builds a small PMTiles v3 archive of vector tiles from GeoJSON: geojson-vt cuts each layer into tiles,
// vt-pbf encodes them (MVT), tools/pmtiles-writer.mjs writes the archive. Meant for test fixtures and
// small areas; a real province comes from a Protomaps build (docs/operations.md, "Street basemap").
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import { Compression, TileType, writePmtiles } from './pmtiles-writer.mjs';

const EXTENT = 4096;

/** [minLon, minLat, maxLon, maxLat] of every coordinate of the collections. */
function boundsOf(collections) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1]);
    } else c.forEach(visit);
  };
  for (const fc of collections)
    for (const f of fc.features) if (f.geometry) visit(f.geometry.coordinates ?? []);
  if (!Number.isFinite(b[0])) throw new Error('the input has no coordinates');
  return b;
}

/** Twice the signed area of a ring in lon/lat (positive: counter-clockwise). */
function ringArea(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a;
}

/**
 * Polygons wound as RFC 7946 says (outer rings counter-clockwise, holes clockwise): tiles flip y, so that
 * becomes the MVT winding renderers use to tell outer rings from holes. Hand-written GeoJSON often is not.
 */
function rewound(fc) {
  const wind = (rings) => rings.map((r, i) => (ringArea(r) > 0 === (i === 0) ? r : r.slice().reverse()));
  return {
    ...fc,
    features: fc.features.map((f) => {
      const g = f.geometry;
      if (g?.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: wind(g.coordinates) } };
      if (g?.type === 'MultiPolygon')
        return { ...f, geometry: { ...g, coordinates: g.coordinates.map(wind) } };
      return f;
    }),
  };
}

const lonToX = (lon, z) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat, z) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};
const clampTile = (v, z) => Math.max(0, Math.min(2 ** z - 1, v));

/**
 * Every non-empty tile from minzoom to maxzoom. `layers`: [{ name, geojson }]. Only tiles over the data's
 * bounds are asked for, so a city at zoom 15 costs ~1000 getTile calls, not 4^15.
 */
export function buildTiles(layers, { minzoom = 0, maxzoom = 15 } = {}) {
  const indexes = layers.map((l) => ({
    name: l.name,
    index: new GeoJSONVT(rewound(l.geojson), {
      maxZoom: maxzoom,
      indexMaxZoom: 5,
      extent: EXTENT,
      buffer: 64,
    }),
  }));
  const [w, s, e, n] = boundsOf(layers.map((l) => l.geojson));
  const tiles = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    const [x0, x1] = [clampTile(lonToX(w, z), z), clampTile(lonToX(e, z), z)];
    const [y0, y1] = [clampTile(latToY(n, z), z), clampTile(latToY(s, z), z)];
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const found = {};
        for (const { name, index } of indexes) {
          const t = index.getTile(z, x, y);
          if (t && t.features.length) found[name] = t;
        }
        if (Object.keys(found).length === 0) continue;
        const mvt = vtpbf.fromGeojsonVt(found, { version: 2, extent: EXTENT });
        tiles.push({ z, x, y, data: gzipSync(Buffer.from(mvt)) });
      }
  }
  return { tiles, bounds: [w, s, e, n] };
}

/** Field names and types per layer, for the TileJSON `vector_layers` the metadata carries. */
function vectorLayers(layers, minzoom, maxzoom) {
  return layers.map(({ name, geojson }) => {
    const fields = {};
    for (const f of geojson.features)
      for (const [k, v] of Object.entries(f.properties ?? {}))
        fields[k] = typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String';
    return { id: name, fields, minzoom, maxzoom };
  });
}

export function pmtilesFromGeojson({ inputs, minzoom = 0, maxzoom = 15, name, attribution }) {
  const layers = inputs.map((i) => ({ name: i.layer, geojson: JSON.parse(readFileSync(i.file, 'utf8')) }));
  for (const l of layers)
    if (l.geojson?.type !== 'FeatureCollection') throw new Error(`layer ${l.name}: not a FeatureCollection`);
  const { tiles, bounds } = buildTiles(layers, { minzoom, maxzoom });
  const metadata = {
    name: name ?? 'pmtiles-from-geojson',
    format: 'pbf',
    type: 'baselayer',
    attribution: attribution ?? '',
    vector_layers: vectorLayers(layers, minzoom, maxzoom),
  };
  const center = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(maxzoom, 13)];
  return writePmtiles({
    tiles,
    metadata,
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    internalCompression: Compression.Gzip,
    bounds,
    center,
    minZoom: minzoom,
    maxZoom: maxzoom,
  });
}

function main() {
  const { values } = parseArgs({
    options: {
      in: { type: 'string', multiple: true },
      layer: { type: 'string', multiple: true },
      out: { type: 'string' },
      minzoom: { type: 'string', default: '0' },
      maxzoom: { type: 'string', default: '15' },
      name: { type: 'string' },
      attribution: { type: 'string' },
    },
  });
  const ins = values.in ?? [];
  const names = values.layer ?? [];
  const minzoom = Number(values.minzoom);
  const maxzoom = Number(values.maxzoom);
  const usage =
    'usage: --in a.geojson --layer roads [--in … --layer …] --out x.pmtiles [--minzoom 0] [--maxzoom 15]';
  if (!values.out || ins.length === 0 || ins.length !== names.length) throw new Error(usage);
  if (
    !Number.isInteger(minzoom) ||
    !Number.isInteger(maxzoom) ||
    minzoom < 0 ||
    maxzoom > 20 ||
    minzoom > maxzoom
  )
    throw new Error('--minzoom/--maxzoom: integers, 0 ≤ minzoom ≤ maxzoom ≤ 20');
  const bytes = pmtilesFromGeojson({
    inputs: ins.map((file, i) => ({ file: resolve(file), layer: names[i] })),
    minzoom,
    maxzoom,
    name: values.name,
    attribution: values.attribution,
  });
  mkdirSync(dirname(resolve(values.out)), { recursive: true });
  writeFileSync(values.out, bytes);
  console.log(`${values.out}: ${bytes.length} bytes`);
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith('pmtiles-from-geojson.mjs')
) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
