import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');

// The boundary rule needs Nx's project graph; build it first so the rule cannot be silently skipped.
beforeAll(() => {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
    stdio: 'ignore',
  });
}, 120_000);

async function lint(filePath: string, code: string) {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  it('rejects pg in libs/contracts', async () => {
    const msgs = await lint('libs/contracts/src/lint-fixture.schema.ts', "import { Pool } from 'pg';\nexport const P = Pool;\n");
    expect(msgs.some((m) => m.startsWith('@nx/enforce-module-boundaries') && m.includes('"pg"'))).toBe(true);
  }, 60_000);

  it.each(['@nestjs/common', 'react', 'mqtt', 'maplibre-gl', 'socket.io'])('rejects %s in libs/domain', async (pkg) => {
    const msgs = await lint('libs/domain/src/lint-fixture.calc.ts', `import * as x from '${pkg}';\nexport const X = x;\n`);
    expect(msgs.some((m) => m.includes(`"${pkg}"`))).toBe(true);
  }, 60_000);

  it('accepts zod in libs/contracts', async () => {
    const msgs = await lint('libs/contracts/src/lint-fixture.schema.ts', "import { z } from 'zod';\nexport const S = z.string();\n");
    expect(msgs).toEqual([]);
  }, 60_000);

  it('rejects server code imported by the console', async () => {
    const msgs = await lint(
      'apps/console/src/lint-fixture.tsx',
      "import { IngestService } from '../../server/src/ingest/ingest.service';\nexport const X = IngestService;\n",
    );
    expect(msgs.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  }, 60_000);

  it('rejects pg outside repositories in the server', async () => {
    const msgs = await lint('apps/server/src/devices/devices.service.ts', "import { Pool } from 'pg';\nexport const P = Pool;\n");
    expect(msgs.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  }, 60_000);
});
