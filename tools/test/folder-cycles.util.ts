import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import that crosses folders: evidence for an edge of the folder graph. */
export interface FolderImport {
  from: string;
  to: string;
  /** Files relative to the source root. */
  file: string;
  target: string;
}

const SOURCE = /\.(ts|tsx)$/;
// Production code only: a spec may import whatever it exercises.
const NOT_PRODUCTION = /\.(spec|test|e2e)\.tsx?$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (SOURCE.test(name) && !NOT_PRODUCTION.test(name)) out.push(p);
  }
  return out;
}

function resolveRelative(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/**
 * Relative imports between the top-level folders of `root` (files directly in `root`, such as main.ts,
 * are not folders). The TypeScript preprocessor finds import, export … from, import() and require().
 * `ignoreTargets`: files (relative to root) whose importers are not counted.
 */
export function folderImports(root: string, ignoreTargets: readonly string[] = []): FolderImport[] {
  const abs = resolve(root);
  const ignored = new Set(ignoreTargets.map((f) => join(abs, f)));
  const top = (p: string) => relative(abs, p).split(sep);
  const out: FolderImport[] = [];
  for (const file of sourceFiles(abs)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveRelative(file, fileName);
      if (!target || !target.startsWith(abs + sep) || ignored.has(target)) continue;
      const [a, ...restA] = top(file);
      const [b, ...restB] = top(target);
      if (restA.length === 0 || restB.length === 0 || a === b) continue;
      out.push({ from: a, to: b, file: relative(abs, file), target: relative(abs, target) });
    }
  }
  return out;
}

/** Groups of folders that import each other round a circle (strongly connected components, Tarjan). */
export function folderCycles(imports: readonly FolderImport[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!edges.has(i.from)) edges.set(i.from, new Set());
    edges.get(i.from)!.add(i.to);
    if (!edges.has(i.to)) edges.set(i.to, new Set());
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** Readable report: each cycle with the imports that close it. */
export function describeCycles(imports: readonly FolderImport[], cycles: readonly string[][]): string {
  return cycles
    .map((group) => {
      const inGroup = new Set(group);
      const evidence = imports
        .filter((i) => inGroup.has(i.from) && inGroup.has(i.to))
        .map((i) => `    ${i.from} -> ${i.to}: ${i.file} imports ${i.target}`);
      return [`folders in a cycle: ${group.join(', ')}`, ...[...new Set(evidence)]].join('\n');
    })
    .join('\n');
}
