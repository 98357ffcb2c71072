// A small PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a 127-byte
// header, a root directory (with leaf directories when it would not fit in the first 16 KiB), JSON
// metadata and the tile data, clustered (tiles in tile-id order). Directories and metadata are gzipped,
// tiles are stored as given (the caller says how they are compressed).
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { zxyToTileId } from 'pmtiles';

export const HEADER_BYTES = 127;
/** Header + root directory must fit in the first request a reader makes (spec: 16384 bytes). */
const ROOT_BUDGET = 16384 - HEADER_BYTES;

export const Compression = { None: 1, Gzip: 2 };
export const TileType = { Mvt: 1, Png: 2, Jpeg: 3, Webp: 4 };

/** Unsigned LEB128 varint of a non-negative safe integer (tile ids exceed 32 bits from zoom 16). */
function pushVarint(out, n) {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`varint out of range: ${n}`);
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/**
 * Directory bytes (before compression): entry count, then the columns tile-id deltas, run lengths,
 * lengths, offsets — an offset is written as 0 when it directly follows the previous entry, else offset+1.
 */
export function serializeDirectory(entries) {
  const out = [];
  pushVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    pushVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) pushVarint(out, e.runLength);
  for (const e of entries) pushVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    pushVarint(out, i > 0 && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

function writeUint64(buf, value, at) {
  buf.writeBigUInt64LE(BigInt(value), at);
}

function e7(deg) {
  return Math.round(deg * 1e7);
}

/** Root directory, and leaf directories (concatenated) when the root would not fit in 16 KiB. */
function buildDirectories(entries, compress) {
  const root = compress(serializeDirectory(entries));
  if (root.length <= ROOT_BUDGET) return { root, leaves: Buffer.alloc(0) };
  // Leaves of a fixed size; grow it until the root (one entry per leaf) fits.
  for (let leafSize = 4096; ; leafSize *= 2) {
    const leafParts = [];
    const rootEntries = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const chunk = entries.slice(i, i + leafSize);
      const bytes = compress(serializeDirectory(chunk));
      // runLength 0 marks a leaf-directory entry; offset/length are within the leaf section.
      rootEntries.push({ tileId: chunk[0].tileId, offset, length: bytes.length, runLength: 0 });
      leafParts.push(bytes);
      offset += bytes.length;
    }
    const rootBytes = compress(serializeDirectory(rootEntries));
    if (rootBytes.length <= ROOT_BUDGET) return { root: rootBytes, leaves: Buffer.concat(leafParts) };
  }
}

/**
 * The archive as one Buffer. `tiles`: [{ z, x, y, data: Buffer }] (any order; data already compressed
 * with `tileCompression`). Identical tile contents are stored once; consecutive tile ids with the same
 * content become one run.
 */
export function writePmtiles({
  tiles,
  metadata = {},
  tileType = TileType.Mvt,
  tileCompression = Compression.Gzip,
  internalCompression = Compression.Gzip,
  bounds,
  center,
  minZoom: minZoomOpt,
  maxZoom: maxZoomOpt,
}) {
  if (tiles.length === 0) throw new Error('no tiles to write');
  const compress = internalCompression === Compression.Gzip ? (b) => gzipSync(b) : (b) => b;
  const sorted = tiles
    .map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) }))
    .sort((a, b) => a.tileId - b.tileId);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].tileId === sorted[i - 1].tileId)
      throw new Error(`tile ${sorted[i].z}/${sorted[i].x}/${sorted[i].y} given twice`);

  const entries = [];
  const parts = [];
  const byHash = new Map();
  let dataLength = 0;
  for (const t of sorted) {
    const hash = createHash('sha256').update(t.data).digest('hex');
    const prev = entries[entries.length - 1];
    const known = byHash.get(hash);
    if (known && prev && prev.offset === known.offset && prev.tileId + prev.runLength === t.tileId) {
      prev.runLength += 1;
      continue;
    }
    if (known) {
      entries.push({ tileId: t.tileId, offset: known.offset, length: known.length, runLength: 1 });
      continue;
    }
    const entry = { tileId: t.tileId, offset: dataLength, length: t.data.length, runLength: 1 };
    byHash.set(hash, entry);
    entries.push(entry);
    parts.push(t.data);
    dataLength += t.data.length;
  }

  const { root, leaves } = buildDirectories(entries, compress);
  const meta = compress(Buffer.from(JSON.stringify(metadata), 'utf8'));
  const zooms = sorted.map((t) => t.z);
  // The zoom range asked for, even when its lowest zooms had nothing left after simplification.
  const minZoom = Math.min(minZoomOpt ?? Infinity, ...zooms);
  const maxZoom = Math.max(maxZoomOpt ?? -Infinity, ...zooms);
  const [minLon, minLat, maxLon, maxLat] = bounds ?? [-180, -85.0511287, 180, 85.0511287];
  const [cLon, cLat, cZoom] = center ?? [(minLon + maxLon) / 2, (minLat + maxLat) / 2, minZoom];

  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const leavesOffset = metaOffset + meta.length;
  const dataOffset = leavesOffset + leaves.length;

  const h = Buffer.alloc(HEADER_BYTES);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  writeUint64(h, rootOffset, 8);
  writeUint64(h, root.length, 16);
  writeUint64(h, metaOffset, 24);
  writeUint64(h, meta.length, 32);
  writeUint64(h, leavesOffset, 40);
  writeUint64(h, leaves.length, 48);
  writeUint64(h, dataOffset, 56);
  writeUint64(h, dataLength, 64);
  writeUint64(h, sorted.length, 72); // addressed tiles
  writeUint64(h, entries.length, 80); // tile entries
  writeUint64(h, parts.length, 88); // tile contents
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(internalCompression, 97);
  h.writeUInt8(tileCompression, 98);
  h.writeUInt8(tileType, 99);
  h.writeUInt8(minZoom, 100);
  h.writeUInt8(maxZoom, 101);
  h.writeInt32LE(e7(minLon), 102);
  h.writeInt32LE(e7(minLat), 106);
  h.writeInt32LE(e7(maxLon), 110);
  h.writeInt32LE(e7(maxLat), 114);
  h.writeUInt8(Math.max(minZoom, Math.min(maxZoom, Math.round(cZoom))), 118);
  h.writeInt32LE(e7(cLon), 119);
  h.writeInt32LE(e7(cLat), 123);

  return Buffer.concat([h, root, meta, leaves, ...parts]);
}
