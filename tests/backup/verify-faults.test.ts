// backup verify against damaged, tampered and crafted backups: each is caught, named, exit 1,
// and the ledger and list show it.
import { copyFileSync, readFileSync, rmSync, truncateSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { manifestFor, minisignSidecar, writeCraftedBackup } from '../helpers/craft-backup.js';

const tmp = tempDir();
let store: DemoStore;
let good: { archive: string; sidecar: string; id: string };
let crafted = 0;

/** A fresh copy of the good backup under another id, signed with the store's key, to damage. */
function copyOfGood(id: string): { archive: string; sidecar: string } {
  const base = good.archive.replace(/_[0-9a-f]{8}\.tar\.zst\.age$/, `_${id}`);
  const archive = path.join(store.backups, `${base}.tar.zst.age`);
  const sidecar = path.join(store.backups, `${base}.json`);
  copyFileSync(path.join(store.backups, good.archive), archive);
  const meta = JSON.parse(readFileSync(path.join(store.backups, good.sidecar), 'utf8'));
  writeFileSync(sidecar, JSON.stringify({ ...meta, id, file: path.basename(archive) }));
  minisignSidecar(store.backups, base, path.join(store.dir, 'keys', 'signing.key'));
  return { archive, sidecar };
}

function flip(file: string, at: (size: number) => number): void {
  const b = readFileSync(file);
  const i = at(b.length);
  b[i] = b[i]! ^ 0x01;
  writeFileSync(file, b);
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const r = await store.cli(['--json', 'backup', 'run']);
  good = JSON.parse(r.stdout);
});
afterAll(tmp.cleanup);

describe('backup verify', () => {
  it('passes a good backup deep, and a drill reports the restore time', async () => {
    const deep = await store.cli(['backup', 'verify', good.id]);
    expect(deep.code).toBe(0);
    expect(deep.stdout).toMatch(/^ok  deep  SH-0012_\S+ \(local\): \d+ checks passed/);
    const drill = await store.cli(['--json', 'backup', 'verify', good.id, '--drill']);
    expect(drill.code).toBe(0);
    const doc = JSON.parse(drill.stdout) as { results: Array<{ restore_ms: number; checks: Array<{ check: string; ok: boolean }> }> };
    expect(doc.results[0]!.restore_ms).toBeGreaterThan(0);
    expect(doc.results[0]!.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['integrity_check main', 'row counts main', 'member files/config/tax.json']));
    const list = await store.cli(['backup', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${good.id}  .*drill \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d [+-]\\d\\d:\\d\\d \\(restore [\\d.]+ s\\)`));
  });

  it('quick needs no key: it passes without one', async () => {
    const r = await store.cli(['backup', 'verify', good.id, '--quick', '--identity', '/nonexistent']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok  quick');
  });

  it('a wrong identity is a clear error, exit 1', async () => {
    await runCli(['keys', 'generate', '--out', 'stranger.txt'], { cwd: tmp.dir });
    const r = await store.cli(['backup', 'verify', good.id, '--identity', path.join(tmp.dir, 'stranger.txt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('decrypt: none of the given identities can decrypt it');
  });

  it('a truncated archive is named: size and hash, exit 1, quick and deep', async () => {
    const c = copyOfGood('00000001');
    truncateSync(c.archive, Math.floor(readFileSync(c.archive).length / 2));
    for (const level of [['--quick'], []]) {
      const r = await store.cli(['backup', 'verify', '00000001', ...level]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/FAILED .*size: the sidecar says \d+ bytes, the archive has \d+ \(truncated/);
    }
  });

  it.each([
    ['the first byte', () => 0],
    ['a header byte', () => 40],
    ['a byte in the middle', (n: number) => Math.floor(n / 2)],
    ['the last byte', (n: number) => n - 1],
  ])('one flipped bit at %s is caught by quick (hash) and by deep (age authentication)', async (_where, at) => {
    const id = `0000f${String(at(1000)).padStart(3, '0')}`.slice(0, 8);
    const c = copyOfGood(id);
    flip(c.archive, at);
    const quick = await store.cli(['backup', 'verify', id, '--quick']);
    expect(quick.code).toBe(1);
    expect(quick.stdout).toContain('sha256: the archive\'s SHA-256 is');
    rmSync(c.sidecar);
    const deep = await store.cli(['backup', 'verify', id]);
    expect(deep.code).toBe(1);
    expect(deep.stdout).toMatch(/decrypt: (decryption failed|none of the given identities)/);
  });

  it('a deleted sidecar is named by verify and by list', async () => {
    const c = copyOfGood('00000002');
    rmSync(c.sidecar);
    const r = await store.cli(['backup', 'verify', '00000002', '--quick']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sidecar: no readable sidecar');
    const list = await store.cli(['backup', 'list']);
    expect(list.stdout).toMatch(/00000002 .*\n\s+! no sidecar/);
  });

  it('a member that differs from the manifest is named', async () => {
    const members = [{ name: 'files/config/tax.json', data: '{"rate": 0.13}\n' }, { name: 'files/config/a.ini', data: 'x=1\n' }];
    const manifest = manifestFor(members);
    await writeCraftedBackup(store.backups, store.recipient, [
      { name: 'files/config/tax.json', data: '{"rate": 0.99}\n' },
      { name: 'files/config/a.ini', data: 'x=1\n' },
      { name: 'manifest.json', data: manifest },
    ], '0000aa01');
    const r = await store.cli(['backup', 'verify', '0000aa01']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('member files/config/tax.json: differs from the manifest');
    expect(r.stdout).not.toContain('member files/config/a.ini');
  });

  it('a signed backup whose manifest names another backup fails the manifest check', async () => {
    const members = [{ name: 'files/a.ini', data: 'x=1\n' }];
    await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'manifest.json', data: manifestFor(members) }], '0000dd01');
    const r = await store.cli(['backup', 'verify', '0000dd01']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('manifest: the manifest says store SH-0012, backup cafe0001; the signed sidecar says store SH-0012, backup 0000dd01');
  });

  it('a member that is not in the manifest is named', async () => {
    const members = [{ name: 'files/a.ini', data: 'x=1\n' }];
    await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'files/extra.sh', data: 'rm -rf /\n' }, { name: 'manifest.json', data: manifestFor(members) }], '0000aa02');
    const r = await store.cli(['backup', 'verify', '0000aa02']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('member files/extra.sh: in the archive but not in the manifest');
  });

  it.each([
    ['../ in the path', { name: '../../escape.txt', data: 'x' }, 'contains ".."'],
    ['an absolute path', { name: '/tmp/store-ops-escape.txt', data: 'x' }, 'has an absolute path'],
    ['a symbolic link', { name: 'files/link', type: 'symlink' as const, linkname: '/etc/passwd' }, 'is a symlink'],
    ['a hard link', { name: 'files/hard', type: 'link' as const, linkname: 'manifest.json' }, 'is a link'],
    ['a device', { name: 'files/dev', type: 'character-device' as const }, 'is a character-device'],
  ])('a crafted archive with %s is refused and nothing is written outside the scratch folder', async (_what, member, reason) => {
    const id = `0000bb${String(++crafted).padStart(2, '0')}`;
    await writeCraftedBackup(store.backups, store.recipient, [{ name: 'files/ok.txt', data: 'fine' }, member, { name: 'manifest.json', data: manifestFor([]) }], id);
    const r = await store.cli(['backup', 'verify', id, '--drill']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`refused member ${member.name}: it ${reason}`);
    expect(existsSync(path.join(tmp.dir, 'escape.txt'))).toBe(false);
    expect(existsSync('/tmp/store-ops-escape.txt')).toBe(false);
    expect(readdirSync(path.join(store.dir, '.store-ops', 'tmp'))).toEqual([]);
  });

  it('--latest picks the newest complete backup, and ID / --latest / --all are exclusive', async () => {
    const r = await store.cli(['backup', 'verify', good.id, '--latest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give only one of');
    const none = await store.cli(['backup', 'verify']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('say which backup to verify');
  });
});
