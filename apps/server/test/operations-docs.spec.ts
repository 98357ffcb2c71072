import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EnvSchema } from '../src/config/config.schema';

// docs/operations.md and infra/compose must say what the code reads: every variable documented, and the
// compose file setting only variables that exist.
const ROOT = join(__dirname, '../../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const VARS = Object.keys(EnvSchema.shape);

it('documents every variable the server reads in docs/operations.md', () => {
  const doc = read('docs/operations.md');
  const missing = VARS.filter((v) => !doc.includes(`\`${v}\``));
  expect(missing).toEqual([]);
});

it('sets only variables the server reads in the compose file, and every server role is deployed', () => {
  const compose = parse(read('infra/compose/compose.yaml'), { merge: true }) as {
    services: Record<string, { build?: unknown; image?: string; environment?: Record<string, unknown> }>;
  };
  const servers = Object.entries(compose.services).filter(([, s]) => s.image === 'ioc-console:local');
  expect(servers.length).toBeGreaterThanOrEqual(5);
  const roles = new Set<string>();
  for (const [name, s] of servers) {
    const unknown = Object.keys(s.environment ?? {}).filter((k) => !VARS.includes(k));
    expect({ name, unknown }).toEqual({ name, unknown: [] });
    // each instance's env must pass the server's own validation (placeholders filled in)
    const env = Object.fromEntries(
      Object.entries(s.environment ?? {}).map(([k, v]) => [
        k,
        // ${VAR:-default} takes its default; a required ${VAR:?…} stands for a 40-character secret
        String(v)
          .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
          .replace(/\$\{[^}]+\}/g, 'x'.repeat(40)),
      ]),
    );
    env.DATABASE_URL = 'postgres://ioc:pw@timescaledb:5432/ioc';
    const parsed = EnvSchema.safeParse(env);
    expect({ name, issues: parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')) }).toEqual({
      name,
      issues: [],
    });
    for (const r of String(s.environment?.IOC_ROLES).split(',')) roles.add(r);
  }
  expect([...roles].sort()).toEqual(['api', 'ingest', 'live']);
});

it('copies into the image only paths that exist', () => {
  const dockerfile = read('infra/compose/Dockerfile');
  const paths = [...dockerfile.matchAll(/^COPY --from=build \/src\/(\S+)/gm)].map((m) => m[1]);
  expect(paths.length).toBeGreaterThan(3);
  for (const p of paths.filter((p) => !['node_modules', 'dist'].includes(p)))
    expect(existsSync(join(ROOT, p))).toBe(true);
  expect(dockerfile).toContain('dist/apps/server/apps/server/src/main.js');
});
