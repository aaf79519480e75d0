// Where a restore may write: only where today's config puts things. Crafted archives (members
// named like the database or the state folder, a manifest whose source_path points outside the
// store, a database the config does not have) and a `config/` folder swapped for a link must not
// make restore write anywhere else, nor put a raw file copy over the consistent snapshot.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { sha256, writeCraftedBackup } from '../helpers/craft-backup.js';
import { loadConfigFile } from '../../src/core/config/load.js';
import type { Manifest, ManifestMember } from '../../src/backup/manifest.js';
import { planTargets } from '../../src/restore/targets.js';
import { assertNoLinks } from '../../src/restore/links.js';

const tmp = tempDir();
let store: DemoStore;
let genuine: { id: string; archive: string };
let manifest: Manifest;
let snapshot: Buffer;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const live = () => path.join(store.dir, 'store.db');
const quarantines = () => (existsSync(path.join(store.dir, '.store-ops', 'quarantine')) ? readdirSync(path.join(store.dir, '.store-ops', 'quarantine')) : []);

interface Extra {
  name: string;
  data: string | Buffer;
  source_path: string;
}

const memberOf = (name: string, data: string | Buffer, source_path: string, kind: 'database' | 'file' = 'file'): ManifestMember => ({
  name, size: Buffer.byteLength(data), sha256: sha256(data), kind, source_path, mode: 0o644,
});

/** A backup holding the genuine consistent snapshot of main plus the given members, in a correct manifest. */
async function craft(id: string, extra: Extra[], databases = manifest.databases, dbMembers: Extra[] = [{ name: 'databases/main.db', data: snapshot, source_path: live() }]): Promise<string> {
  const m: Manifest = {
    ...manifest,
    id,
    members: [...dbMembers.map((d) => memberOf(d.name, d.data, d.source_path, 'database')), ...extra.map((e) => memberOf(e.name, e.data, e.source_path))],
    databases,
  };
  return writeCraftedBackup(store.backups, store.recipient, [...dbMembers, ...extra, { name: 'manifest.json', data: JSON.stringify(m) }], id, '20261120T100000Z');
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  genuine = JSON.parse((await store.cli(['--json', 'backup', 'run'])).stdout);
  const unpacked = path.join(tmp.dir, 'unpacked');
  mkdirSync(unpacked);
  execSync(`age -d -i "${store.identity}" "${path.join(store.backups, genuine.archive)}" | tar --zstd -x -C "${unpacked}"`);
  manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  snapshot = readFileSync(path.join(unpacked, 'databases', 'main.db'));
});
afterAll(tmp.cleanup);

describe('no path ever comes from the archive', () => {
  it("a file member whose source_path points outside the store is written under the configured root only, and an _absolute member outside every root is not restored", async () => {
    const etc = path.join(tmp.dir, 'etc');
    mkdirSync(etc, { recursive: true });
    writeFileSync(path.join(etc, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    const id = await craft('aaaa0001', [
      { name: 'files/config/tax.json', data: '{"vat":0.13,"crafted":true}', source_path: path.join(etc, 'tax.json') },
      { name: `files/_absolute${path.join(etc, 'passwd')}`, data: 'root::0:0:root:/root:/bin/bash\n', source_path: path.join(etc, 'passwd') },
    ]);
    const r = await store.cli(['--json', 'restore', id, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(etc, 'tax.json'))).toBe(false);
    expect(readFileSync(path.join(etc, 'passwd'), 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect(readFileSync(path.join(store.dir, 'config', 'tax.json'), 'utf8')).toBe('{"vat":0.13,"crafted":true}');
    const result = JSON.parse(r.stdout) as { targets: Array<{ live: string }>; not_restored: Array<{ member: string; live: string; reason: string }> };
    expect(result.targets.map((t) => t.live).sort()).toEqual([path.join(store.dir, 'config', 'tax.json'), live()].sort());
    expect(result.not_restored).toEqual([{ member: `files/_absolute${path.join(etc, 'passwd')}`, live: path.join(etc, 'passwd'), reason: 'outside-files' }]);
  });

  it('members named like the database, its WAL and state.db are not restored: the live database is the snapshot from databases/, byte for byte', async () => {
    const stateDb = path.join(store.dir, '.store-ops', 'state.db');
    const raw = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 7)]);
    const id = await craft('aaaa0002', [
      { name: 'files/store.db', data: raw, source_path: live() },
      { name: 'files/store.db-wal', data: 'a raw WAL copied mid-write', source_path: `${live()}-wal` },
      { name: 'files/.store-ops/state.db', data: 'FORGED STATE', source_path: stateDb },
    ]);
    const r = await store.cli(['restore', id, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sha(live())).toBe(sha256(snapshot));
    expect(existsSync(`${live()}-wal`) ? readFileSync(`${live()}-wal`, 'utf8') : '').not.toContain('a raw WAL');
    expect(readFileSync(stateDb).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(r.stdout).toContain("Not restored (today's config gives them no place):");
    expect(r.stdout).toContain(`files/store.db: ${live()} is outside every folder listed under files in the config`);
    expect(r.stdout).toContain('files/.store-ops/state.db: ');
  });

  it('a database name that the config lacks is reported and written nowhere', async () => {
    const elsewhere = path.join(tmp.dir, 'elsewhere', 'other.db');
    const other = { ...manifest.databases[0]!, name: 'other', member: 'databases/other.db', source_path: elsewhere };
    const id = await craft('aaaa0003', [], [...manifest.databases, other], [
      { name: 'databases/main.db', data: snapshot, source_path: live() },
      { name: 'databases/other.db', data: snapshot, source_path: elsewhere },
    ]);
    const before = readdirSync(store.dir).sort();
    const r = await store.cli(['--json', 'restore', id, '--yes']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { targets: Array<{ member: string }>; not_restored: unknown[] };
    expect(result.not_restored).toEqual([{ member: 'databases/other.db', live: null, reason: 'no-such-database' }]);
    expect(result.targets.map((t) => t.member)).toEqual(['databases/main.db']);
    expect(existsSync(elsewhere)).toBe(false);
    expect(readdirSync(store.dir).sort()).toEqual(before);
  });
});

describe('restore with a config that lets files overlap the store (an old archive made under it)', () => {
  it('plans the databases from databases/ only: a raw copy, its -wal/-shm, state.db, journals and old backups in files/ are not restored', async () => {
    const config = { ...loadConfigFile(store.config, tmp.dir), files: [`${store.dir}/`] };
    const journal = readdirSync(path.join(store.dir, 'journals'))[0]!;
    const names = ['store.db', 'store.db-wal', 'store.db-shm', '.store-ops/state.db', `journals/${journal}`, `backups/${genuine.archive}`, 'config/tax.json'];
    const m: Manifest = { ...manifest, members: [manifest.members.find((x) => x.name === 'databases/main.db')!, ...names.map((n) => memberOf(`files/${n}`, 'x', path.join(store.dir, n)))] };
    const { targets, notRestored } = planTargets(m, config, {}, undefined);
    expect(targets.map((t) => [t.member, t.live])).toEqual([['databases/main.db', live()], ['files/config/tax.json', path.join(store.dir, 'config', 'tax.json')]]);
    expect(notRestored.map((n) => [n.member, n.reason])).toEqual([
      ['files/store.db', 'database-file'], ['files/store.db-wal', 'database-file'], ['files/store.db-shm', 'database-file'],
      ['files/.store-ops/state.db', 'state-folder'], [`files/journals/${journal}`, 'journal'], [`files/backups/${genuine.archive}`, 'destination'],
    ]);
  });
});

describe('nothing is written through a link', () => {
  it('config/ replaced by a link to a folder outside the store: refused with the path named, nothing written there, the database untouched', async () => {
    const outside = path.join(tmp.dir, 'outside-etc');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'tax.json'), 'SYSTEM FILE');
    const config = path.join(store.dir, 'config');
    const loaded = loadConfigFile(store.config, tmp.dir);
    renameSync(config, path.join(tmp.dir, 'config-real'));
    symlinkSync(outside, config);
    try {
      const before = sha(live());
      const q = quarantines();
      // The config check every command runs refuses the layout first (exit 2) ...
      const r = await store.cli(['restore', genuine.id, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toContain('files[0]');
      expect(r.stderr.split('\n')[0]).toContain(outside);
      // ... and a link that appears after the config was read is refused by restore itself,
      // which checks every folder again just before the swap.
      expect(() => assertNoLinks(loaded, path.join(config, 'tax.json'))).toThrow(`${config} is a symbolic link to ${outside}; restore will not write through it. Nothing was changed.`);
      expect(readdirSync(outside)).toEqual(['tax.json']);
      expect(readFileSync(path.join(outside, 'tax.json'), 'utf8')).toBe('SYSTEM FILE');
      expect(sha(live())).toBe(before);
      expect(quarantines()).toEqual(q);
    } finally {
      unlinkSync(config);
      renameSync(path.join(tmp.dir, 'config-real'), config);
    }
  });

  it('a restored file that is itself a link is refused, and so is --dry-run', async () => {
    const target = path.join(tmp.dir, 'shadow');
    writeFileSync(target, 'SECRET');
    const file = path.join(store.dir, 'config', 'printers.json');
    const kept = readFileSync(file);
    unlinkSync(file);
    symlinkSync(target, file);
    try {
      for (const extra of [['--dry-run'], ['--yes']]) {
        const r = await store.cli(['restore', genuine.id, ...extra]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`${file} is a symbolic link to ${target}`);
      }
      expect(readFileSync(target, 'utf8')).toBe('SECRET');
    } finally {
      unlinkSync(file);
      writeFileSync(file, kept);
    }
  });
});

describe('--target', () => {
  it('keeps the modes the manifest recorded, owned by the caller', async () => {
    const dir = path.join(tmp.dir, 'inspect');
    const r = await store.cli(['restore', genuine.id, '--target', dir]);
    expect(r.code).toBe(0);
    for (const m of manifest.members) {
      const s = statSync(path.join(dir, ...m.name.split('/')));
      expect([m.name, s.mode & 0o777, s.uid]).toEqual([m.name, m.mode, process.getuid!()]);
    }
  });
});
