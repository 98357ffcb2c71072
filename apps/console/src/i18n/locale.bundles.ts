import { basemapStrings } from './basemap.locale';
import { cameraStrings } from './camera.locale';
import { citizenStrings } from './citizen.locale';
import { deskStrings } from './desk.locale';
import { dispatchStrings } from './dispatch.locale';
import { en } from './en.locale';
import { fieldStrings } from './field.locale';
import { historyStrings } from './history.locale';
import { mapStrings } from './map.locale';
import { readingStrings } from './readings.locale';
import { vi } from './vi.locale';

type Tree = { readonly [k: string]: unknown };
type Bundle = { readonly vi: Tree; readonly en: Tree };

/** Every dictionary of the console, base first; features keep theirs apart to keep merges small. */
export const LOCALE_BUNDLES: readonly Bundle[] = [
  { vi, en },
  historyStrings,
  readingStrings,
  mapStrings,
  dispatchStrings,
  cameraStrings,
  deskStrings,
  basemapStrings,
  fieldStrings,
  citizenStrings,
];

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deep merge of the bundles' trees for one language. Two bundles may share a namespace (`desk.*`) but never
 * a string: a spread would silently drop one side's keys (it did once), so a clash throws at start.
 */
export function mergeLocale(trees: readonly Tree[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (into: Record<string, unknown>, from: Tree, path: string) => {
    for (const [k, v] of Object.entries(from)) {
      const at = path ? `${path}.${k}` : k;
      const cur = into[k];
      if (cur === undefined) into[k] = isTree(v) ? put({}, v, at) : v;
      else if (isTree(cur) && isTree(v)) put(cur as Record<string, unknown>, v, at);
      else throw new Error(`i18n key defined twice: ${at}`);
    }
    return into;
  };
  for (const t of trees) put(out, t, '');
  return out;
}

export const RESOURCES = {
  vi: { translation: mergeLocale(LOCALE_BUNDLES.map((b) => b.vi)) },
  en: { translation: mergeLocale(LOCALE_BUNDLES.map((b) => b.en)) },
};
