// The `@ioc/<lib>/*` aliases, read from tsconfig.base.json `paths` so the lib list is written once:
// jest (jest.preset.cjs), vite (apps/console/vite.config.ts) and the server/simulator builds
// (tools/resolve-aliases.mjs) derive theirs from here.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** [{ prefix: '@ioc/contracts/', target: '<abs>/libs/contracts/src/' }, …] for every `"<prefix>*": ["<dir>/*"]`. */
function tsconfigAliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return Object.entries(tsconfig.compilerOptions.paths ?? {}).map(([pattern, targets]) => {
    if (!pattern.endsWith('/*') || targets.length !== 1 || !targets[0].endsWith('/*'))
      throw new Error(
        `tsconfig.base.json paths: only "<prefix>/*": ["<dir>/*"] is supported, got ${pattern}`,
      );
    return {
      prefix: pattern.slice(0, -1),
      target: path.resolve(root, targets[0].slice(0, -2)) + path.sep,
    };
  });
}

/** The prefix as a regular expression source (for `^<prefix>(.*)$`). */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { root, tsconfigAliases, escapeRegExp };
