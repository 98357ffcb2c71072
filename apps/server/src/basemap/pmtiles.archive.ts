import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Thrown at start when BASEMAP_PMTILES does not name a usable archive; the message is one line. */
export class PmtilesArchiveError extends Error {}

export const PMTILES_HEADER_BYTES = 127;
const MVT = 1;
const TILE_TYPES = ['unknown', 'mvt', 'png', 'jpeg', 'webp', 'avif', 'mlt'];

/** What the start-up check read from the header (logged, and tested). */
export interface PmtilesHeaderSummary {
  size: number;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
}

/**
 * Reads only the 127-byte header (the archive may be gigabytes) and checks what the console needs:
 * PMTiles spec version 3 (magic "PMTiles", byte 7 = 3), vector tiles (MVT), and root directory,
 * metadata and tile data inside the file.
 */
export function checkPmtilesArchive(path: string): PmtilesHeaderSummary {
  const fail = (why: string) => new PmtilesArchiveError(`BASEMAP_PMTILES=${path}: ${why}`);
  let fd: number;
  try {
    if (!statSync(path).isFile()) throw fail('not a regular file');
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof PmtilesArchiveError) throw e;
    throw fail(`cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const h = Buffer.alloc(PMTILES_HEADER_BYTES);
  let read: number;
  try {
    read = readSync(fd, h, 0, PMTILES_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const size = statSync(path).size;
  if (read < PMTILES_HEADER_BYTES || h.toString('latin1', 0, 7) !== 'PMTiles')
    throw fail('not a PMTiles archive (no "PMTiles" header)');
  if (h[7] !== 3)
    throw fail(`PMTiles spec version ${h[7]}, expected 3 (convert it with \`pmtiles convert\`)`);
  const u64 = (at: number) => Number(h.readBigUInt64LE(at));
  for (const [name, off] of [
    ['root directory', 8],
    ['metadata', 24],
    ['leaf directories', 40],
    ['tile data', 56],
  ] as const)
    if (u64(off) + u64(off + 8) > size) throw fail(`${name} lies beyond the end of the file (truncated?)`);
  if (h[99] !== MVT)
    throw fail(`tile type ${TILE_TYPES[h[99]] ?? h[99]}, expected vector tiles (mvt) for the street style`);
  const deg = (at: number) => h.readInt32LE(at) / 1e7;
  return { size, minZoom: h[100], maxZoom: h[101], bounds: [deg(102), deg(106), deg(110), deg(114)] };
}

/** Size and a strong validator of the archive as it is now (replacing the file changes both). */
export async function archiveVersion(path: string): Promise<{ size: number; etag: string; mtime: Date }> {
  const s = await stat(path);
  return {
    size: s.size,
    etag: `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}-${s.ino.toString(16)}"`,
    mtime: s.mtime,
  };
}
