import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { blockedDirectory } from './embedded-postgres.runtime';

// Real directories and modes: the check that tells a root user why the `postgres` user cannot start.
describe('blockedDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-blocked-')); // mode 700, ours
  const inner = join(dir, 'project', 'data');
  mkdirSync(inner, { recursive: true });
  const { uid, gid } = userInfo();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the first directory another user cannot enter', () => {
    chmodSync(dir, 0o700);
    expect(blockedDirectory(inner, -1, -1)).toBe(dir);
    expect(blockedDirectory(inner, uid, gid)).toBeNull(); // its owner can
  });

  it('lets a user through directories with the search bit for others (or its group)', () => {
    chmodSync(dir, 0o711);
    expect(blockedDirectory(inner, -1, -1)).toBeNull();
    chmodSync(dir, 0o710);
    expect(blockedDirectory(inner, -1, gid)).toBeNull();
    expect(blockedDirectory(inner, -1, -1)).toBe(dir);
  });

  it('stops at directories that do not exist yet (root creates them with the usual 0755)', () => {
    chmodSync(dir, 0o755);
    expect(blockedDirectory(join(inner, 'not', 'yet'), -1, -1)).toBeNull();
  });
});
