import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The Phan Thiết street fixture (tools/fixtures/phan-thiet-streets) built into a fresh temp file by
 * the PMTiles tool, as a deployment's BASEMAP_PMTILES would be.
 */
export function buildStreetsPmtiles(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'ioc-pmtiles-')), 'phan-thiet.pmtiles');
  execFileSync(
    process.execPath,
    [join(__dirname, '../../../../tools/fixtures/phan-thiet-streets/build.mjs'), out],
    { stdio: 'pipe' },
  );
  return out;
}
