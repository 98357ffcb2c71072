// Post-build step of the server and simulator builds: tsc keeps `require("@ioc/<lib>/<file>")` as written,
// so rewrite each one into a relative path to the lib compiled beside the app (tsc's rootDir is the repo
// root, so dist/apps/<app>/libs/<lib>/src/… mirrors libs/<lib>/src/…). The aliases come from
// tsconfig.base.json. tsc (not esbuild) stays the compiler because NestJS injects by constructor parameter
// type, which needs `emitDecoratorMetadata`.
// Usage: node tools/resolve-aliases.mjs <outDir>   (the tsconfig.app.json outDir, relative to the repo root)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const { root, tsconfigAliases, escapeRegExp } = createRequire(import.meta.url)('./tsconfig-paths.cjs');

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node tools/resolve-aliases.mjs <outDir>');
  process.exit(2);
}
const out = join(root, outDir);
const aliases = tsconfigAliases().map((a) => ({
  ...a,
  // Where the alias target lands in this build's output.
  compiled: join(out, relative(root, a.target)),
}));
const prefixes = aliases.map((a) => escapeRegExp(a.prefix)).join('|');
const request = new RegExp(`\\b(require\\(|import\\()(["'])((?:${prefixes})[^"']*)\\2`, 'g');

let rewritten = 0;
const missing = [];
for (const file of jsFiles(out)) {
  const source = readFileSync(file, 'utf8');
  const next = source.replace(request, (_all, call, quote, spec) => {
    const alias = aliases.find((a) => spec.startsWith(a.prefix));
    const target = join(alias.compiled, spec.slice(alias.prefix.length));
    if (!existsSync(`${target}.js`) && !existsSync(target)) missing.push(`${relative(root, file)}: ${spec}`);
    let rel = relative(dirname(file), target).split(sep).join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    rewritten++;
    return `${call}${quote}${rel}${quote}`;
  });
  if (next !== source) writeFileSync(file, next);
}
if (missing.length) {
  console.error(`resolve-aliases: no compiled file for\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`resolve-aliases: ${rewritten} @ioc imports made relative in ${outDir}`);

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}
