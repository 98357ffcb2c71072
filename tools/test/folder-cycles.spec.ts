import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeCycles, folderCycles, folderImports } from './folder-cycles.util';

// Acceptance (issue 15): no import cycle between the top-level folders of the server and the console.
const root = join(__dirname, '..', '..');

/**
 * Imports of these files are not counted, while they exist: they are being moved to a common folder by
 * the parallel validation change of issue 15 (HTTP query primitives and @ApiDoc). Once a file has moved,
 * its line here is stale and the test below says so: delete it.
 */
const PENDING_MOVES: Record<string, string[]> = {
  'apps/server/src': [],
  'apps/console/src': [],
};

describe('folder import cycles', () => {
  it.each(Object.keys(PENDING_MOVES))('%s has none', (src) => {
    const imports = folderImports(join(root, src), PENDING_MOVES[src]);
    const cycles = folderCycles(imports);
    expect(describeCycles(imports, cycles)).toBe('');
  });

  it('pending moves name files that still exist', () => {
    const stale = Object.entries(PENDING_MOVES).flatMap(([src, files]) =>
      files.filter((f) => !existsSync(join(root, src, f))).map((f) => `${src}/${f}`),
    );
    expect(stale).toEqual([]);
  });

  describe('the check itself', () => {
    let dir: string;
    const write = (files: Record<string, string>) => {
      for (const [path, code] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), code);
      }
    };
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'folder-cycles-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('finds a cycle through three folders, whatever the import form', () => {
      write({
        'a/a.service.ts': "import { B } from '../b/b.service';\nexport const A = B;\n",
        'b/b.service.ts': "export { C as B } from '../c/nested/c.util';\n",
        'c/nested/c.util.ts':
          "import type { A } from '../../a/a.service';\nexport const C = 1 as unknown as A;\n",
        'd/d.ts': "export const D = require('../a/a.service');\n",
      });
      const imports = folderImports(dir);
      expect(folderCycles(imports)).toEqual([['a', 'b', 'c']]);
      expect(describeCycles(imports, folderCycles(imports))).toContain(
        'c/nested/c.util.ts imports a/a.service.ts',
      );
    });

    it('finds a cycle closed by a dynamic import or an index file', () => {
      write({
        'a/index.ts': "export const A = () => import('../b/b.lazy');\n",
        'b/b.lazy.ts': "import { A } from '../a';\nexport const B = A;\n",
      });
      expect(folderCycles(folderImports(dir))).toEqual([['a', 'b']]);
    });

    it('ignores specs, packages, files at the root and imports inside one folder', () => {
      write({
        'main.ts': "import { A } from './a/a.service';\nexport const M = A;\n",
        'a/a.service.ts':
          "import { z } from 'zod';\nimport { X } from './x.util';\nexport const A = [z, X];\n",
        'a/x.util.ts': "import { M } from '../main';\nexport const X = M;\n",
        'b/b.service.ts': "import { A } from '../a/a.service';\nexport const B = A;\n",
        'a/a.service.spec.ts': "import { B } from '../b/b.service';\nexport const S = B;\n",
      });
      expect(folderCycles(folderImports(dir))).toEqual([]);
    });

    it('leaves out imports of an ignored file', () => {
      write({
        'a/a.service.ts': "import { Q } from '../b/b.query';\nexport const A = Q;\n",
        'b/b.query.ts': 'export const Q = 1;\n',
        'b/b.service.ts': "import { A } from '../a/a.service';\nexport const B = A;\n",
      });
      expect(folderCycles(folderImports(dir))).toEqual([['a', 'b']]);
      expect(folderCycles(folderImports(dir, ['b/b.query.ts']))).toEqual([]);
    });
  });
});
