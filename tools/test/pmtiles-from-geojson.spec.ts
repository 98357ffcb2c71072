import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
// @ts-expect-error plain JS module of the tool (no types)
import { writePmtiles, Compression } from '../pmtiles-writer.mjs';

// The PMTiles writer and the GeoJSON → PMTiles tool, read back with the `pmtiles` package (the reader the
// console uses): every tile, the header and the metadata.
const root = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pmtiles-tool-'));

/** A pmtiles Source over an in-memory archive (the reader only ever asks for byte ranges). */
class BufferSource implements Source {
  readonly ranges: [number, number][] = [];
  constructor(private readonly buf: Buffer) {}
  getKey(): string {
    return 'buffer';
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    this.ranges.push([offset, length]);
    const b = this.buf.subarray(offset, offset + length);
    return { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  }
}

type Tile = { z: number; x: number; y: number; data: Buffer };

describe('pmtiles-writer', () => {
  it('round-trips every tile through leaf directories, runs and duplicates', async () => {
    const tiles: Tile[] = [];
    const shared = randomBytes(40);
    // 25 000 tiles at zoom 12 force leaf directories (the root must fit the first 16 KiB)
    for (let x = 0; x < 250; x++)
      for (let y = 0; y < 100; y++)
        tiles.push({ z: 12, x: 1000 + x, y: 2000 + y, data: (x + y) % 7 === 0 ? shared : randomBytes(8) });
    // zoom 18: tile ids beyond 32 bits
    tiles.push({ z: 18, x: 200_000, y: 120_000, data: Buffer.from('deep') });
    tiles.push({ z: 0, x: 0, y: 0, data: shared });
    const bytes: Buffer = writePmtiles({
      tiles: [...tiles].reverse(),
      tileCompression: Compression.None,
      // uncompressed directories: 25 000 entries cannot fit in the root
      internalCompression: Compression.None,
      tileType: TileType.Png,
      bounds: [100, 8, 110, 12],
      metadata: { name: 'synthetic' },
    });
    const src = new BufferSource(bytes);
    const p = new PMTiles(src);
    const h = await p.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.leafDirectoryLength).toBeGreaterThan(0);
    expect(h.numAddressedTiles).toBe(tiles.length);
    expect(h.numTileContents).toBeLessThan(tiles.length); // duplicates stored once
    expect([h.minZoom, h.maxZoom, h.minLon, h.minLat, h.maxLon, h.maxLat]).toEqual([0, 18, 100, 8, 110, 12]);
    expect(h.rootDirectoryOffset + h.rootDirectoryLength).toBeLessThanOrEqual(16384);
    for (const t of tiles) {
      const got = await p.getZxy(t.z, t.x, t.y);
      expect(got && Buffer.from(got.data).equals(t.data)).toBe(true);
    }
    // tiles that were not written are absent, also between written ones
    expect(await p.getZxy(12, 999, 2000)).toBeUndefined();
    expect(await p.getZxy(18, 200_001, 120_000)).toBeUndefined();
    expect(await p.getMetadata()).toEqual({ name: 'synthetic' });
  });

  it('writes gzipped directories and metadata the reader inflates', async () => {
    const tiles: Tile[] = [0, 1, 2, 3].map((x) => ({ z: 2, x, y: 1, data: Buffer.from(`t${x}`) }));
    const p = new PMTiles(
      new BufferSource(writePmtiles({ tiles, tileCompression: Compression.None, metadata: { a: 'ă' } })),
    );
    expect((await p.getHeader()).internalCompression).toBe(2);
    for (const t of tiles) expect(Buffer.from((await p.getZxy(2, t.x, 1))!.data).toString()).toBe(`t${t.x}`);
    expect(await p.getMetadata()).toEqual({ a: 'ă' });
  });

  it('refuses an empty archive and a tile given twice', () => {
    expect(() => writePmtiles({ tiles: [] })).toThrow('no tiles');
    const t = { z: 1, x: 0, y: 0, data: Buffer.from('a') };
    expect(() => writePmtiles({ tiles: [t, { ...t }] })).toThrow('given twice');
  });
});

describe('tools/pmtiles-from-geojson.mjs', () => {
  const out = join(dir, 'pt.pmtiles');
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'tools/fixtures/phan-thiet-streets/build.mjs'), out], {
      stdio: 'pipe',
    });
  });

  it('writes MVT tiles the pmtiles reader finds, with the street names the protomaps style reads', async () => {
    const p = new PMTiles(new BufferSource(readFileSync(out)));
    const h = await p.getHeader();
    expect(h.tileType).toBe(TileType.Mvt);
    expect([h.minZoom, h.maxZoom]).toEqual([0, 15]);
    expect(h.minLon).toBeCloseTo(107.98, 5);
    expect(h.maxLat).toBeCloseTo(11.02, 5);
    const meta = (await p.getMetadata()) as { attribution: string; vector_layers: { id: string }[] };
    expect(meta.attribution).toBe('© OpenStreetMap');
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['earth', 'water', 'roads']);

    // the zoom-15 tile over the Trần Hưng Đạo bridge (108.1012, 10.9275)
    const z = 15;
    const x = Math.floor(((108.1012 + 180) / 360) * 2 ** z);
    const r = (10.9275 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
    const tile = await p.getZxy(z, x, y);
    expect(tile).toBeDefined();
    const vt = new VectorTile(new PbfReader(new Uint8Array(tile!.data)));
    expect(Object.keys(vt.layers).sort()).toEqual(['earth', 'roads', 'water']);
    const roads = vt.layers['roads']!;
    const names = Array.from({ length: roads.length }, (_, i) => roads.feature(i).properties);
    expect(names).toContainEqual(
      expect.objectContaining({ name: 'Trần Hưng Đạo', 'name:vi': 'Trần Hưng Đạo', kind: 'major_road' }),
    );
    // the line lies in the tile: its vertices are inside the 4096 extent (plus buffer)
    const line = roads.feature(names.findIndex((n) => n['name'] === 'Trần Hưng Đạo')).loadGeometry();
    expect(line.flat().some((pt) => pt.x >= 0 && pt.x < 4096 && pt.y >= 0 && pt.y < 4096)).toBe(true);
    // tiles are gzipped, as the header says
    expect(h.tileCompression).toBe(2);
  });

  it('has no tile outside the data', async () => {
    const p = new PMTiles(new BufferSource(readFileSync(out)));
    expect(await p.getZxy(15, 0, 0)).toBeUndefined();
    expect(await p.getZxy(16, 52_000, 30_000)).toBeUndefined(); // above maxzoom
  });

  it('stops with the usage when --in and --layer do not pair up', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'tools/pmtiles-from-geojson.mjs'), '--in', 'a.geojson', '--out', join(dir, 'x.pmtiles')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('usage: --in');
  });

  it('refuses input that is not a FeatureCollection', () => {
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'Feature' }));
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'tools/pmtiles-from-geojson.mjs'),
        '--in',
        bad,
        '--layer',
        'roads',
        '--out',
        join(dir, 'y.pmtiles'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('layer roads: not a FeatureCollection');
  });
});
