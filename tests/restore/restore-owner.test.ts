// A store whose database and config belong to the store system's own user (nobody:nogroup here,
// 0664): after restore and after --undo, run as root, every file keeps its owner, group and mode,
// and that user can still open, read and write the database. Once with the state folder on the
// store's filesystem (quarantine by hard link) and once on another one (/dev/shm: quarantine and
// undo copy across filesystems, which keeps no owner by itself).
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const NOBODY = 65534;
const NOGROUP = 65534;
const tmp = tempDir();
const shm: string[] = [];
afterAll(() => {
  tmp.cleanup();
  for (const d of shm) rmSync(d, { recursive: true, force: true });
});

function storeFiles(store: DemoStore): string[] {
  const config = path.join(store.dir, 'config');
  return [path.join(store.dir, 'store.db'), ...readdirSync(config).map((f) => path.join(config, f))];
}

function ownedByStoreUser(store: DemoStore): void {
  chmodSync(tmp.dir, 0o755);
  for (const dir of [store.dir, path.join(store.dir, 'config')]) chownSync(dir, NOBODY, NOGROUP);
  for (const f of storeFiles(store)) {
    chownSync(f, NOBODY, NOGROUP);
    chmodSync(f, 0o664);
  }
}

const owners = (store: DemoStore) => storeFiles(store).map((f) => {
  const s = statSync(f);
  return [path.basename(f), s.uid, s.gid, (s.mode & 0o777).toString(8)];
});

/** The store user opens the database as the store system would, reads it, and writes to it. */
function asStoreUser(db: string, sql: string): { code: number | null; out: string } {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', 'sqlite3', db, sql], { encoding: 'utf8' });
  return { code: r.status, out: (r.stdout + r.stderr).trim() };
}

function storeUserCanWork(store: DemoStore): void {
  const db = path.join(store.dir, 'store.db');
  expect(asStoreUser(db, 'select count(*) > 0 from products;')).toEqual({ code: 0, out: '1' });
  expect(asStoreUser(db, "insert into stock_movements(sku, qty_delta, kind, ref, at) select sku, 0, 'adjustment', 'owner-test', '2026-11-21' from products limit 1; select changes();")).toEqual({ code: 0, out: '1' });
}

// Giving files to another user needs root; as any other user there is nothing to check here.
describe.skipIf(process.getuid?.() !== 0)('a store whose files belong to its own user', () => {
  it.each([
    ['the state folder on the same filesystem', false],
    ['the state folder on another filesystem (/dev/shm)', true],
  ])('restore --latest and --undo keep owner, group and mode; the store user can still open and write the database (%s)', async (_name, otherFs) => {
    const store = await makeDemoStore(tmp.dir, otherFs ? 'shop-shm' : 'shop');
    if (otherFs) {
      const state = mkdtempSync('/dev/shm/store-ops-owner-test-');
      shm.push(state);
      writeFileSync(store.config, readFileSync(store.config, 'utf8').replace(/^state_dir: .*$/m, `state_dir: ${state}`));
    }
    ownedByStoreUser(store);
    const expected = storeFiles(store).map((f) => [path.basename(f), NOBODY, NOGROUP, '664']);
    expect(owners(store)).toEqual(expected);
    expect((await store.cli(['backup', 'run'])).code).toBe(0);

    const r = await store.cli(['restore', '--latest', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(owners(store)).toEqual(expected);
    storeUserCanWork(store);
    expect(r.stdout).toContain(`${path.join(store.dir, 'store.db')}  (the current file goes to quarantine; keeps owner 65534:65534, mode 0664)`);

    const undo = await store.cli(['--yes', 'restore', '--undo']);
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(owners(store)).toEqual(expected);
    storeUserCanWork(store);
  });
});
