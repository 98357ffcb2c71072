import { CitySchema, type City } from '@ioc/contracts/city.schema';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The checkout root (where nx.json lives), from src under jest or from dist; else the cwd. */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export const DEFAULT_CITY_PATH = 'infra/city/city.json';

/** Reads and validates a city file; a relative path is taken from the cwd, the default from the repo root. */
export function loadCity(path?: string): City {
  const file = path ? resolve(path) : join(findRepoRoot(), DEFAULT_CITY_PATH);
  const parsed = CitySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid city file ${file}: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
