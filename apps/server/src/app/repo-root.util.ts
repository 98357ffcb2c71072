import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout root (where nx.json lives), whether we run from src under jest or from dist. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
