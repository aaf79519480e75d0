// Signed backups end to end on the demo store, played as the attacks of issue 10: a genuine
// backup repacked with a changed database and the old signature copied beside it, a hand-made
// unsigned backup, one signed by another key (and key rotation), forgeries dated a year ahead
// against prune, and the by-hand check with the minisign CLI.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { tempDir } from '../helpers/cli.js';
import { manifestFor, writeCraftedBackup } from '../helpers/craft-backup.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { forgeBackup } from '../helpers/forge-backup.js';

const tmp = tempDir();
let store: DemoStore;
let genuine: string;
let originalConfig: string;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const live = () => path.join(store.dir, 'store.db');
const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const quarantines = () => (existsSync(path.join(store.dir, '.store-ops', 'quarantine')) ? readdirSync(path.join(store.dir, '.store-ops', 'quarantine')) : []);
const createdOf = (base: string) => new Date(`${base.split('_')[1]!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')}`);
const cheapest = () => execFileSync('sqlite3', [live(), 'SELECT min(price) FROM products'], { encoding: 'utf8' }).trim();

interface ListJson {
  destinations: Array<{ backups: Array<{ id: string; name: string; good: boolean; future: boolean; age_seconds: number; signature: { state: string; key_id: string | null }; distrust: string[] }> }>;
}
const listed = async () => (JSON.parse((await store.cli(['--json', 'backup', 'list'])).stdout) as ListJson).destinations[0]!.backups;

/** backup: section lines added to (or taken from) the demo config for one test. */
function withBackupLines(lines: string[], drop?: RegExp): void {
  const text = originalConfig.split('\n').filter((l) => !drop || !drop.test(l)).join('\n');
  writeFileSync(store.config, text.replace(/^backup:\n/m, `backup:\n${lines.map((l) => `  ${l}\n`).join('')}`));
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  originalConfig = readFileSync(store.config, 'utf8');
  const r = await store.cli(['--json', 'backup', 'run']);
  if (r.code !== 0) throw new Error(r.stderr);
  genuine = (JSON.parse(r.stdout) as { archive: string }).archive.replace(/\.tar\.zst\.age$/, '');
});
afterAll(tmp.cleanup);

describe('a backup made by backup run', () => {
  it('verifies by hand with minisign -Vm <base>.json -p keys/signing.key.pub, its trusted comment naming the backup', () => {
    expect(existsSync(path.join(store.backups, `${genuine}.json.minisig`))).toBe(true);
    const v = spawnSync('minisign', ['-Vm', path.join(store.backups, `${genuine}.json`), '-p', path.join(store.dir, 'keys', 'signing.key.pub')], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('Signature and comment signature verified');
    expect(v.stdout).toContain(`backup:${genuine}`);
  });

  it('lists as trusted, with the key id of the demo signing key', async () => {
    const keyId = /minisign public key ([0-9A-F]+)/.exec(readFileSync(path.join(store.dir, 'keys', 'signing.key.pub'), 'utf8'))![1];
    const g = (await listed()).find((b) => b.name === genuine)!;
    expect(g.signature).toEqual(expect.objectContaining({ state: 'trusted', key_id: keyId }));
    expect(g.good).toBe(true);
  });
});

describe('the forgery: a genuine backup repacked with a changed database, its old signature copied beside it', () => {
  let forged: string;
  beforeAll(() => {
    forged = `SH-0012_${stampOf(new Date(createdOf(genuine).getTime() + 60_000))}_f0f0f0f0`;
    forgeBackup({ backups: store.backups, identity: store.identity, recipient: store.recipient, genuine, forged, sql: 'UPDATE products SET price = 0.01' });
  });

  it('backup verify of it fails, exit 1, naming the signature', async () => {
    const r = await store.cli(['backup', 'verify', 'f0f0f0f0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAILED  deep  ${forged}`);
    expect(r.stdout).toContain(`signature: ${forged}.json.minisig does not match the sidecar`);
    const all = await store.cli(['backup', 'verify', '--all', '--quick']);
    expect(all.code).toBe(1);
  });

  it('backup list shows it as FORGED with the reason; --latest verifies the genuine one', async () => {
    const list = await store.cli(['backup', 'list']);
    expect(list.stdout).toMatch(/f0f0f0f0 .* FORGED /);
    expect(list.stdout).toContain('does not match the sidecar');
    const latest = await store.cli(['--json', 'backup', 'verify', '--latest', '--quick']);
    expect(latest.code).toBe(0);
    expect((JSON.parse(latest.stdout) as { results: Array<{ backup: string }> }).results.map((x) => x.backup)).toEqual([genuine]);
  });

  it('restore of it by id is refused, exit 1, and the live database stays byte-identical', async () => {
    const before = sha(live());
    const q = quarantines();
    const r = await store.cli(['restore', 'f0f0f0f0', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${forged}.json.minisig does not match the sidecar`);
    expect(r.stdout).toBe('');
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
  });

  it('restore --latest --yes restores the genuine older backup instead, and says it passed the forgery over', async () => {
    const r = await store.cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { backup: string; passed_over: Array<{ backup: string; reason: string }>; signature: { state: string } };
    expect(result.backup).toBe(genuine);
    expect(result.signature.state).toBe('trusted');
    expect(result.passed_over).toEqual([{ backup: forged, reason: expect.stringContaining('does not match the sidecar') }]);
    expect(cheapest()).not.toBe('0.01');
  });
});

describe('a hand-made unsigned backup', () => {
  const members = [{ name: 'files/config/tax.json', data: '{"rate": 0.05}\n' }];
  let unsignedBase: string;
  beforeAll(async () => {
    const stamp = stampOf(new Date(createdOf(genuine).getTime() + 120_000));
    unsignedBase = `SH-0012_${stamp}_0a0a0a0a`;
    await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'manifest.json', data: manifestFor(members, { id: '0a0a0a0a' }) }], '0a0a0a0a', stamp, 'unsigned');
  });

  it('is not counted: restore --latest takes the older signed backup, backup list says UNSIGNED', async () => {
    const r = await store.cli(['--json', 'restore', '--latest', '--dry-run']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { backup: string }).backup).toBe(genuine);
    const b = (await listed()).find((x) => x.name === unsignedBase)!;
    expect(b).toEqual(expect.objectContaining({ good: false, signature: expect.objectContaining({ state: 'unsigned' }) }));
  });

  it('is not restorable by id: refused with the hint to pass --allow-unsigned', async () => {
    const target = path.join(tmp.dir, 'unsigned-refused');
    const r = await store.cli(['restore', '0a0a0a0a', '--target', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${unsignedBase}.json.minisig is missing: the backup is not signed`);
    expect(r.stderr).toContain(`restore 0a0a0a0a --allow-unsigned`);
    expect(existsSync(target)).toBe(false);
  });

  it('with --allow-unsigned it is restorable, and the audit row says allow_unsigned', async () => {
    const target = path.join(tmp.dir, 'unsigned-allowed');
    const r = await store.cli(['restore', '0a0a0a0a', '--target', target, '--allow-unsigned']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(target, 'files', 'config', 'tax.json'), 'utf8')).toBe('{"rate": 0.05}\n');
    const row = readAudit(path.join(store.dir, '.store-ops')).find((a) => a.command === 'restore')!;
    expect(row.details).toEqual(expect.objectContaining({ allow_unsigned: true, backup: unsignedBase, signature: { state: 'unsigned', key_id: null } }));
    const verified = await store.cli(['backup', 'verify', '0a0a0a0a', '--allow-unsigned']);
    expect(verified.code).toBe(0);
    const refused = await store.cli(['backup', 'verify', '0a0a0a0a']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('signature: ');
  });
});

describe('a backup signed by another key', () => {
  let attackerPub: string;
  let otherBase: string;
  beforeAll(async () => {
    const key = path.join(tmp.dir, 'attacker.key');
    attackerPub = path.join(tmp.dir, 'attacker.pub');
    execFileSync('minisign', ['-G', '-W', '-p', attackerPub, '-s', key], { stdio: 'pipe' });
    const members = [{ name: 'files/config/tax.json', data: '{"rate": 0.5}\n' }];
    const stamp = stampOf(new Date(createdOf(genuine).getTime() + 180_000));
    otherBase = `SH-0012_${stamp}_0b0b0b0b`;
    await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'manifest.json', data: manifestFor(members, { id: '0b0b0b0b' }) }], '0b0b0b0b', stamp, { key });
  });
  afterAll(() => writeFileSync(store.config, originalConfig));

  it('is untrusted, and refused even with --allow-unsigned', async () => {
    const b = (await listed()).find((x) => x.name === otherBase)!;
    expect(b.signature.state).toBe('untrusted');
    const r = await store.cli(['restore', '0b0b0b0b', '--target', path.join(tmp.dir, 'other-refused'), '--allow-unsigned']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('which is not in backup.trusted_signers');
    expect(existsSync(path.join(tmp.dir, 'other-refused'))).toBe(false);
  });

  it('is accepted once its key is added to trusted_signers (beside the store\'s own)', async () => {
    withBackupLines([`trusted_signers: [./keys/signing.key.pub, ${attackerPub}]`]);
    const b = (await listed()).find((x) => x.name === otherBase)!;
    expect(b.signature.state).toBe('trusted');
    const r = await store.cli(['restore', '0b0b0b0b', '--target', path.join(tmp.dir, 'other-accepted')]);
    expect(r.code).toBe(0);
    expect((await listed()).find((x) => x.name === genuine)!.signature.state).toBe('trusted');
  });

  it('key rotation: with the store\'s old key removed from trusted_signers, its backups are untrusted and --latest skips them', async () => {
    withBackupLines([`trusted_signers: [${attackerPub}]`]);
    const g = (await listed()).find((x) => x.name === genuine)!;
    expect(g.signature.state).toBe('untrusted');
    expect(g.good).toBe(false);
    const r = await store.cli(['--json', 'restore', '--latest', '--dry-run']);
    expect((JSON.parse(r.stdout) as { backup: string }).backup).toBe(otherBase);
  });
});

describe('forgeries dated a year ahead', () => {
  let second: string;
  let ahead: string[];
  beforeAll(async () => {
    const r = await store.cli(['--json', 'backup', 'run']);
    second = (JSON.parse(r.stdout) as { archive: string }).archive.replace(/\.tar\.zst\.age$/, '');
    const key = path.join(tmp.dir, 'attacker-ahead.key');
    execFileSync('minisign', ['-G', '-W', '-p', `${key}.pub`, '-s', key], { stdio: 'pipe' });
    const members = [{ name: 'files/config/tax.json', data: '{}' }];
    ahead = [];
    for (const [i, signing] of [[1, { key }], [2, 'unsigned' as const]] as const) {
      const stamp = stampOf(new Date(Date.now() + (365 + i) * 86_400_000));
      const id = `0c0c0c0${i}`;
      await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'manifest.json', data: manifestFor(members, { id }) }], id, stamp, signing);
      ahead.push(`SH-0012_${stamp}_${id}`);
    }
    // Two daily slots: enough for the two genuine backups' day, unless the forgeries' days take them.
    // The first genuine backup shares that day, so it is kept as the newest deep-verified one.
    writeFileSync(store.config, originalConfig.replace(/^  retention:\n(    \w+: \d+\n)+/m, '  retention: { daily: 2, weekly: 0, monthly: 0 }\n'));
    const verified = await store.cli(['backup', 'verify', genuine]);
    if (verified.code !== 0) throw new Error(verified.stdout + verified.stderr);
  });
  afterAll(() => writeFileSync(store.config, originalConfig));

  it('backup list shows them "in the future", never a negative age', async () => {
    const list = await store.cli(['backup', 'list']);
    for (const base of ahead) expect(list.stdout).toMatch(new RegExp(`${base.split('_')[2]}  \\S+ \\S+ [+-]\\d\\d:\\d\\d  in the future .* FUTURE `));
    // Untrusted and unsigned backups say which file, never a bare placeholder.
    expect(list.stdout).not.toContain('{file}');
    expect(list.stdout).not.toMatch(/-\d+(\.\d+)? (min|h|d)/);
    const json = await listed();
    for (const base of ahead) expect(json.find((b) => b.name === base)).toEqual(expect.objectContaining({ future: true, good: false }));
  });

  it('backup prune deletes no genuine backup and leaves the forgeries alone, listed with the reason', async () => {
    const r = await store.cli(['backup', 'prune']);
    expect(r.code).toBe(0);
    for (const base of [genuine, second]) {
      expect(existsSync(path.join(store.backups, `${base}.tar.zst.age`))).toBe(true);
      expect(existsSync(path.join(store.backups, `${base}.json`))).toBe(true);
      expect(existsSync(path.join(store.backups, `${base}.json.minisig`))).toBe(true);
    }
    for (const base of ahead) {
      expect(existsSync(path.join(store.backups, `${base}.json`))).toBe(true);
      expect(r.stdout).toMatch(new RegExp(`leave alone  ${base} .*is dated in the future`));
    }
  });

  it('diagnose warns about them, naming the files', async () => {
    const r = await store.cli(['--json', 'diagnose']);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ id: string; severity: string; evidence: Array<{ text: string }> }> }).findings;
    const f = findings.find((x) => x.id === 'backup-untrusted')!;
    expect(f.severity).toBe('warning');
    const evidence = f.evidence.map((e) => e.text).join('\n');
    expect(evidence).toContain(path.join(store.backups, `${ahead[0]}.json`));
  });
});

describe('backup run and the signing key', () => {
  afterAll(() => writeFileSync(store.config, originalConfig));

  it('without backup.signing_key: exit 2 with the keys generate hint, before anything is written', async () => {
    withBackupLines([], /^\s+signing_key:/);
    const before = readdirSync(store.backups).sort();
    const r = await store.cli(['backup', 'run']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('backup.signing_key is not set');
    expect(r.stderr).toContain(`store-ops --config ${store.config} keys generate --signing --out ${path.join(store.dir, 'keys', 'signing.key')}`);
    expect(readdirSync(store.backups).sort()).toEqual(before);
  });

  it('a signing key that is not one: exit 2 naming the file, nothing written', async () => {
    const bad = path.join(store.dir, 'keys', 'not-a-key');
    writeFileSync(bad, 'AGE-SECRET-KEY-1NOTMINISIGN\n', { mode: 0o600 });
    withBackupLines([`signing_key: ${bad}`], /^\s+signing_key:/);
    const before = readdirSync(store.backups).sort();
    const r = await store.cli(['backup', 'run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} (backup.signing_key) is not a usable minisign secret key`);
    expect(readdirSync(store.backups).sort()).toEqual(before);
  });

  it('a trusted_signers entry that is not a key: config error with file:line and key; config check lists key ids', async () => {
    withBackupLines(['trusted_signers: [RWQnotakey]']);
    const r = await store.cli(['config', 'check']);
    expect(r.code).toBe(2);
    const line = readFileSync(store.config, 'utf8').split('\n').findIndex((l) => l.includes('RWQnotakey')) + 1;
    expect(r.stderr).toContain(`${store.config}:${line}: backup.trusted_signers[0]: not a readable minisign public key file`);
    writeFileSync(store.config, originalConfig);
    const ok = await store.cli(['config', 'check']);
    const keyId = /minisign public key ([0-9A-F]+)/.exec(readFileSync(path.join(store.dir, 'keys', 'signing.key.pub'), 'utf8'))![1];
    expect(ok.stdout).toContain(`${keyId}  backup.signing_key: ${path.join(store.dir, 'keys', 'signing.key')}`);
  });
});

describe('removing the signatures', () => {
  it('turns genuine backups into unsigned ones that no longer count: restore --latest refuses, the live database untouched', async () => {
    for (const f of readdirSync(store.backups).filter((n) => n.endsWith('.minisig'))) unlinkSync(path.join(store.backups, f));
    const g = (await listed()).find((x) => x.name === genuine)!;
    expect(g.signature.state).toBe('unsigned');
    expect(g.good).toBe(false);
    const before = sha(live());
    const q = quarantines();
    const r = await store.cli(['restore', '--latest', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is no trusted backup in');
    expect(r.stderr).toContain('add --allow-unsigned');
    expect(sha(live())).toBe(before);
    expect(quarantines()).toEqual(q);
  });
});
