import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Acceptance: importing pg from libs/contracts fails lint. The real ESLint CLI with the repo's flat
// config lints code as if it were a file at the given path (--stdin-filename).
const root = join(__dirname, '..', '..');
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

// The boundary rule needs Nx's project graph; build it first so the rule cannot be silently skipped.
beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
}, 120_000);

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = join(root, 'node_modules/eslint/bin/eslint.js');
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [eslint, '--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
      // exit code 1 = lint errors found: that is the expected outcome for most cases
      (err, out) => (err && !out ? reject(err) : resolve(out)),
    );
    child.stdin?.end(code);
  });
  const [result] = JSON.parse(stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries (eslint)', () => {
  it('rejects pg in libs/contracts', async () => {
    const msgs = await lint(
      'libs/contracts/src/lint-fixture.schema.ts',
      "import { Pool } from 'pg';\nexport const P = Pool;\n",
    );
    expect(msgs.some((m) => m.startsWith('@nx/enforce-module-boundaries') && m.includes('"pg"'))).toBe(true);
  }, 60_000);

  it.each(['react', 'mqtt'])(
    'rejects %s in libs/domain',
    async (pkg) => {
      const msgs = await lint(
        'libs/domain/src/lint-fixture.calc.ts',
        `import * as x from '${pkg}';\nexport const X = x;\n`,
      );
      expect(msgs.some((m) => m.startsWith('@nx/enforce-module-boundaries') && m.includes(`"${pkg}"`))).toBe(
        true,
      );
    },
    60_000,
  );

  it('accepts zod in libs/contracts', async () => {
    const msgs = await lint(
      'libs/contracts/src/lint-fixture.schema.ts',
      "import { z } from 'zod';\nexport const S = z.string();\n",
    );
    expect(msgs).toEqual([]);
  }, 60_000);

  it('rejects server code imported by the console', async () => {
    const msgs = await lint(
      'apps/console/src/lint-fixture.ts',
      "import { IngestService } from '../../server/src/ingest/ingest.service';\nexport const X = IngestService;\n",
    );
    expect(msgs.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  }, 60_000);

  it('rejects pg outside repositories in the server', async () => {
    const msgs = await lint(
      'apps/server/src/devices/lint-fixture.service.ts',
      "import { Pool } from 'pg';\nexport const P = Pool;\n",
    );
    expect(msgs.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  }, 60_000);

  it.each([
    'apps/server/src/devices/lint-fixture.repository.ts',
    'apps/server/src/db/database.pool.ts',
    'apps/server/src/live/live.listener.ts',
  ])(
    'accepts pg in %s (repositories, the pool, the LISTEN connection)',
    async (path) => {
      const msgs = await lint(path, "import { Pool } from 'pg';\nexport const P = Pool;\n");
      expect(msgs.filter((m) => m.startsWith('no-restricted-imports'))).toEqual([]);
    },
    60_000,
  );

  it('rejects pg in the migration runner (it goes through the pool)', async () => {
    const msgs = await lint(
      'apps/server/src/db/migrations.runner.ts',
      "import { Pool } from 'pg';\nexport const P = Pool;\n",
    );
    expect(msgs.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  }, 60_000);
});
