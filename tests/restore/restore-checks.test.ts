// How restore proves a database sound without scanning it twice: a signed backup's manifest
// carries the integrity_check made at backup time on exactly the bytes restored, so restore
// relies on it (and on every member's hash) unless --paranoid; a backup whose database was
// already damaged when it was taken is refused; a member whose bytes differ from the signed
// manifest is refused even though nothing else would look at its pages.
import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { writeCraftedBackup } from '../helpers/craft-backup.js';

const tmp = tempDir();
let store: DemoStore;
let good: { id: string; base: string; archive: string };
const live = () => path.join(store.dir, 'store.db');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface RestoreJson {
  ok: boolean;
  backup: string;
  skipped: Array<{ backup: string; failure: string }>;
  database_checks: Array<{ database: string; depth: string; result: string }>;
  live_checks: Array<{ check: string; ok: boolean; detail: string }>;
}

/** Zeroes pages in the middle of the file, as a failing disk would. */
function damage(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4 * 4096), 0, 4 * 4096, page * 4096);
  closeSync(fd);
}

/** What is inside a real backup: its manifest and its database member, unpacked with age and tar. */
function unpackByHand(archive: string, into: string): { manifest: Record<string, unknown> & { members: Array<{ name: string; sha256: string }>; databases: Array<Record<string, unknown>> }; db: Buffer } {
  mkdirSync(into, { recursive: true });
  execSync(`age -d -i "${store.identity}" "${archive}" | tar --zstd -x -C "${into}"`);
  const manifest = JSON.parse(readFileSync(path.join(into, 'manifest.json'), 'utf8'));
  // The crafted copies carry the database alone.
  manifest.members = manifest.members.filter((m: { name: string }) => m.name === 'databases/main.db');
  return { manifest, db: readFileSync(path.join(into, 'databases', 'main.db')) };
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  good = JSON.parse((await store.cli(['--json', 'backup', 'run'])).stdout);
});
afterAll(tmp.cleanup);

describe('restore: checked once, at backup time', () => {
  it('relies on the signed manifest’s integrity_check and opens the placed database instead of scanning it', async () => {
    const r = await store.cli(['--json', 'restore', good.id, '--yes']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as RestoreJson;
    expect(json.database_checks).toEqual([{ database: 'main', depth: 'recorded', result: 'ok' }]);
    expect(json.live_checks).toEqual([expect.objectContaining({ check: 'header main (live)', ok: true })]);
    const text = await store.cli(['restore', good.id, '--yes']);
    expect(text.stdout).toContain('database main: integrity_check ok when the backup was taken, on exactly these bytes (signed); not repeated (--paranoid repeats it)');
  });

  it('checks every page again with --paranoid, before the swap and after it', async () => {
    const r = await store.cli(['--json', 'restore', good.id, '--yes', '--paranoid']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as RestoreJson;
    expect(json.database_checks).toEqual([{ database: 'main', depth: 'full', result: 'ok' }]);
    expect(json.live_checks).toEqual([expect.objectContaining({ check: 'quick_check main (live)', ok: true, detail: 'ok' })]);
  });

  it('refuses a database member whose bytes differ from the signed manifest, though its pages are never scanned', async () => {
    const { manifest, db } = unpackByHand(path.join(store.backups, good.archive), path.join(tmp.dir, 'by-hand-1'));
    const tampered = Buffer.from(db);
    // One changed price in the middle of the file: still a well-formed database, so only the hash can tell.
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    manifest.id = '0000ee01';
    const id = await writeCraftedBackup(store.backups, store.recipient, [
      { name: 'databases/main.db', data: tampered },
      { name: 'manifest.json', data: JSON.stringify(manifest) },
    ], '0000ee01', '20261121T130000Z');
    const before = sha(live());
    const r = await store.cli(['--json', 'restore', id, '--yes']);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stdout) as { error: { message: string } };
    expect(err.error.message).toContain('member databases/main.db: differs from the manifest');
    expect(err.error.message).not.toContain('files/');
    expect(sha(live())).toBe(before);
  });

  it('refuses a backup whose database was already damaged when it was taken, and --latest falls back to the one before', async () => {
    const saved = readFileSync(live());
    damage(live(), 30);
    const damaged = await store.cli(['--json', 'backup', 'run']);
    expect(damaged.code).toBe(1);
    const made = JSON.parse(damaged.stdout) as { id: string; databases: Array<{ integrity_check: string }> };
    expect(made.databases[0]!.integrity_check).not.toBe('ok');

    const r = await store.cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as RestoreJson;
    expect(json.skipped.map((s) => s.backup).join(' ')).toContain(made.id);
    expect(json.skipped.find((s) => s.backup.includes(made.id))!.failure).toContain('integrity_check main at backup time: the database was already damaged when this backup was taken');
    expect(json.backup).not.toContain(made.id);
    const db = new Database(live(), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    // The earlier tests left the good backup's database in place; that is what comes back.
    expect(sha(live())).toBe(createHash('sha256').update(saved).digest('hex'));

    const pinned = await store.cli(['--json', 'restore', made.id, '--yes']);
    expect(pinned.code).toBe(1);
    expect((JSON.parse(pinned.stdout) as { error: { message: string } }).error.message).toContain('already damaged when this backup was taken');
  });

  it('checks an unsigned backup page by page when --allow-unsigned accepts it', async () => {
    const { manifest, db } = unpackByHand(path.join(store.backups, good.archive), path.join(tmp.dir, 'by-hand-2'));
    manifest.id = '0000ee02';
    const id = await writeCraftedBackup(store.backups, store.recipient, [
      { name: 'databases/main.db', data: db },
      { name: 'manifest.json', data: JSON.stringify(manifest) },
    ], '0000ee02', '20261121T140000Z', 'unsigned');
    const r = await store.cli(['--json', 'restore', id, '--yes', '--allow-unsigned']);
    expect(r.stdout).not.toContain('"error"');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as RestoreJson).database_checks).toEqual([{ database: 'main', depth: 'full', result: 'ok' }]);
  });
});
