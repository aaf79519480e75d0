// restore end to end on the demo store: the worst-day scenario (the database corrupted, restore
// the latest backup, undo it), and everything that must leave the live data exactly as it was.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { manifestFor, writeCraftedBackup } from '../helpers/craft-backup.js';

const tmp = tempDir();
let store: DemoStore;
let backup: { id: string; archive: string };
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const live = () => path.join(store.dir, 'store.db');
const quarantines = () => (existsSync(path.join(store.dir, '.store-ops', 'quarantine')) ? readdirSync(path.join(store.dir, '.store-ops', 'quarantine')) : []);

/** Zeroes four pages in the middle of the file: what a failing disk or a torn write leaves. */
function corrupt(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4 * 4096), 0, 4 * 4096, 40 * 4096);
  closeSync(fd);
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  backup = JSON.parse((await store.cli(['--json', 'backup', 'run'])).stdout);
});
afterAll(tmp.cleanup);

describe('restore on the worst day', () => {
  it('puts back the latest backup over a corrupted database, keeps the corrupted one in quarantine, and --undo reverses it', async () => {
    corrupt(live());
    const db = new Database(live(), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).not.toBe('ok');
    db.close();
    const corrupted = sha(live());

    const r = await store.cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { backup: string; quarantine: string; live_checks: Array<{ ok: boolean; detail: string }> };
    expect(result.backup).toContain(backup.id);
    expect(result.live_checks).toEqual([expect.objectContaining({ check: 'header main (live)', ok: true })]);
    const restored = sha(live());
    expect(restored).not.toBe(corrupted);
    expect(sha(path.join(result.quarantine, 'databases', 'main.db'))).toBe(corrupted);
    const record = JSON.parse(readFileSync(path.join(result.quarantine, 'quarantine.json'), 'utf8'));
    expect(record).toMatchObject({ reason: 'restore', state: 'swapped' });
    expect(record.items).toEqual(expect.arrayContaining([expect.objectContaining({ original: live(), stored: 'databases/main.db' })]));

    const undo = await store.cli(['--json', '--yes', 'restore', '--undo']);
    expect(undo.code).toBe(0);
    expect(sha(live())).toBe(corrupted);
    const u = JSON.parse(undo.stdout) as { quarantine: string };
    expect(sha(path.join(u.quarantine, path.relative('/', live())))).toBe(restored);
    const again = await store.cli(['restore', '--latest', '--yes']);
    expect(again.code).toBe(0);
    expect(sha(live())).toBe(restored);
  });

  it('prints the next step on the store\'s clock, as commands that paste with the same --config', async () => {
    const r = await store.cli(['restore', '--latest', '--yes']);
    expect(r.stdout).toMatch(/taken \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 \(from /);
    expect(r.stdout).toMatch(/Next: sales made after \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 are in the register journals/);
    expect(r.stdout).toContain(`run store-ops --config ${store.config} reconcile sales. To go back: store-ops --config ${store.config} restore --undo.`);
  });

  it('writes an audit row saying what was restored and where the old state went', async () => {
    const { readAudit } = await import('../../src/core/audit.js');
    const row = readAudit(path.join(store.dir, '.store-ops')).find((a) => a.command === 'restore')!;
    expect(row.outcome).toBe('ok');
    expect(row.details.restored).toEqual(expect.arrayContaining([live()]));
    expect(String(row.details.quarantine)).toContain(path.join('.store-ops', 'quarantine'));
  });
});

describe('a restore that must not touch anything', () => {
  it('without a terminal and without --yes it refuses before any work', async () => {
    const before = sha(live());
    const q = quarantines();
    const r = await store.cli(['restore', '--latest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a confirmation');
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
  });

  it('--dry-run verifies and reports, and changes nothing', async () => {
    const before = sha(live());
    const q = quarantines();
    const r = await store.cli(['restore', '--latest', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing was changed.');
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
  });

  it.each([
    ['truncated', (f: string) => writeFileSync(f, readFileSync(f).subarray(0, 5000))],
    ['tampered', (f: string) => {
      const b = readFileSync(f);
      b[b.length - 100] = b[b.length - 100]! ^ 0xff;
      writeFileSync(f, b);
    }],
  ])('a %s backup is refused and the live database stays byte-identical', async (_what, damage) => {
    const fresh = JSON.parse((await store.cli(['--json', 'backup', 'run'])).stdout) as { id: string; archive: string };
    damage(path.join(store.backups, fresh.archive));
    const before = sha(live());
    const q = quarantines();
    const r = await store.cli(['restore', fresh.id, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^store-ops: refused: the backup did not pass verification, nothing was changed/);
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
    expect(readdirSync(path.join(store.dir, '.store-ops', 'tmp'))).toEqual([]);
  });

  it.each([
    ['a ../ path', { name: '../../../escaped.txt', data: 'x' }],
    ['an absolute path', { name: '/tmp/store-ops-restore-escape.txt', data: 'x' }],
    ['a symbolic link', { name: 'files/config/link', type: 'symlink' as const, linkname: '/etc/shadow' }],
    ['a hard link', { name: 'files/config/hard', type: 'link' as const, linkname: 'manifest.json' }],
  ])('a crafted archive with %s is refused; nothing is written outside staging', async (_what, member) => {
    const id = `ccc${String(Math.abs(member.name.length * 7919) % 99999).padStart(5, '0')}`;
    await writeCraftedBackup(store.backups, store.recipient, [{ name: 'files/config/tax.json', data: 'x' }, member, { name: 'manifest.json', data: manifestFor([]) }], id, '20261121T230000Z');
    const before = sha(live());
    const r = await store.cli(['restore', id, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`refused member ${member.name}`);
    expect(sha(live())).toBe(before);
    expect(existsSync(path.join(tmp.dir, 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/store-ops-restore-escape.txt')).toBe(false);
  });

  it('a member that is not in the manifest is refused', async () => {
    const members = [{ name: 'files/config/tax.json', data: '{}' }];
    await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'files/config/extra.ini', data: 'x' }, { name: 'manifest.json', data: manifestFor(members) }], 'ddd00001', '20261121T231000Z');
    const r = await store.cli(['restore', 'ddd00001', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('member files/config/extra.ini: in the archive but not in the manifest');
    expect(existsSync(path.join(store.dir, 'config', 'extra.ini'))).toBe(false);
  });

  it('refuses while another process has the database open, naming it; --force overrides with a warning', async () => {
    const holder = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(live())});d.prepare('select 1').get();console.log('open');setInterval(()=>{},1000)`], { cwd: ROOT });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const before = sha(live());
      const r = await store.cli(['restore', '--latest', '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`the database is in use: node\\[${holder.pid}\\] \\S*store\\.db`));
      expect(r.stderr).toContain('stop the store system');
      expect(sha(live())).toBe(before);
      const forced = await store.cli(['restore', '--latest', '--yes', '--force']);
      expect(forced.code).toBe(0);
      expect(forced.stderr).toContain('restored while in use (--force)');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a disk that refuses writes while staging (file size limit): refused, live untouched, staging cleaned', async () => {
    const before = sha(live());
    const q = quarantines();
    // SIGXFSZ ignored, so writes past the limit fail with EFBIG instead of killing the process.
    const cmd = `trap '' XFSZ; ulimit -f 512; exec "${process.execPath}" "${path.join(ROOT, 'bin', 'store-ops.js')}" --config "${store.config}" restore --latest --yes`;
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn('bash', ['-c', cmd], { cwd: tmp.dir });
      let stderr = '';
      c.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      c.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/staging: cannot write the unpacked files into .*EFBIG/);
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
    expect(readdirSync(path.join(store.dir, '.store-ops', 'tmp'))).toEqual([]);
  });

  it('--target restores into a new folder to inspect, leaving the live files alone', async () => {
    const before = sha(live());
    const r = await store.cli(['restore', backup.id, '--target', path.join(tmp.dir, 'inspect')]);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(tmp.dir, 'inspect', 'databases', 'main.db'))).toBe(true);
    expect(readFileSync(path.join(tmp.dir, 'inspect', 'files', 'config', 'tax.json'), 'utf8')).toBe(readFileSync(path.join(store.dir, 'config', 'tax.json'), 'utf8'));
    expect(sha(live())).toBe(before);
  });
});
