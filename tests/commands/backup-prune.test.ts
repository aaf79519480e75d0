// backup prune end to end: a demo store with one real backup and older copies of it under other
// names and dates, a backup with no sidecar, one deep-verified, and another store's backup in the
// same folder. The dry run touches nothing; the real run removes exactly what retention lets go.
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordVerification } from '../../src/backup/ledger.js';
import { stamp } from '../../src/backup/naming.js';
import { readAudit } from '../../src/core/audit.js';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';
import { minisignSidecar } from '../helpers/craft-backup.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const shop = path.join(tmp.dir, 'shop');
const backups = path.join(shop, 'backups');
const stateDir = path.join(shop, '.store-ops');
const listing = () => readdirSync(backups).sort();

/** A copy of the real archive as another backup: same bytes, its own name, a sidecar that matches, signed by the store's key. */
function copyBackup(realArchive: string, store: string, createdUtc: string, id: string, withSidecar = true): string {
  const real = JSON.parse(readFileSync(path.join(backups, realArchive.replace(/\.tar\.\w+\.age$/, '.json')), 'utf8')) as Record<string, unknown>;
  const base = `${store}_${stamp(new Date(createdUtc))}_${id}`;
  const archive = `${base}${ext}`;
  copyFileSync(path.join(backups, realArchive), path.join(backups, archive));
  const sidecar = { ...real, id, store, created: new Date(createdUtc).toISOString(), file: archive, size: statSync(path.join(backups, archive)).size };
  if (withSidecar) {
    writeFileSync(path.join(backups, `${base}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
    minisignSidecar(backups, base, path.join(shop, 'keys', 'signing.key'), store);
  }
  return base;
}

const b: Record<string, string> = {};
/** The real archive's extension (.tar.zst.age, or .tar.gz.age without zstd): the copies share it. */
let ext = '';

beforeAll(async () => {
  expect((await runCli(['demo', 'init', 'shop', '--now', DEMO_NOW], { cwd: tmp.dir })).code).toBe(0);
  const config = path.join(shop, 'store-ops.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/daily: 7\n(\s+)weekly: 4\n\s+monthly: 12/, 'daily: 2\n$1weekly: 2\n$1monthly: 3'));
  expect(readdirSync(backups)).toEqual([]);
  const run = await runCli(['backup', 'run'], { cwd: shop });
  expect(run.code, run.stderr).toBe(0);
  const realArchive = readdirSync(backups).find((f) => f.endsWith('.age'))!;
  ext = realArchive.slice(realArchive.indexOf('.tar.'));
  // The real backup (made now) is the newest; these are all from 2024. Shanghai is UTC+8.
  b.june20 = copyBackup(realArchive, 'SH-0012', '2024-06-20T02:00:00Z', 'aaaa0001'); // daily 2024-06-20, weekly W25, monthly 2024-06
  b.june20early = copyBackup(realArchive, 'SH-0012', '2024-06-19T23:30:00Z', 'aaaa0002'); // Shanghai 06-20 07:30: same day, goes
  b.june19 = copyBackup(realArchive, 'SH-0012', '2024-06-19T10:00:00Z', 'aaaa0003'); // would go, but is deep-verified
  b.may = copyBackup(realArchive, 'SH-0012', '2024-05-10T02:00:00Z', 'aaaa0004'); // monthly 2024-05
  b.april = copyBackup(realArchive, 'SH-0012', '2024-04-10T02:00:00Z', 'aaaa0005'); // beyond monthly 3: goes
  b.noSidecar = copyBackup(realArchive, 'SH-0012', '2024-03-01T02:00:00Z', 'aaaa0006', false); // left alone
  b.otherStore = copyBackup(realArchive, 'SH-0099', '2024-02-01T02:00:00Z', 'aaaa0007'); // not ours
  for (const [base, level] of [[b.june19, 'deep'], [b.april, 'quick']] as const) {
    recordVerification(stateDir, { backup: base!, destination: 'local', level, ok: true, at: '2024-07-01T00:00:00Z', duration_ms: 1, details: {} });
  }
});

describe('store-ops backup prune', () => {
  it('with --dry-run shows the plan, changes nothing and is audited as a look, with nothing removed', async () => {
    const before = listing();
    const r = await runCli(['backup', 'prune', '--dry-run'], { cwd: shop });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('local (');
    expect(r.stdout).toContain('keep 4, remove 2, leave alone 1');
    expect(r.stdout).toContain(`would remove ${b.june20early}`);
    expect(r.stdout).toMatch(new RegExp(`keep +${b.june19} +2024-06-19 18:00 \\+08:00 +newest deep-verified`));
    expect(r.stdout).toContain('Dry run: 2 backup(s) would be removed; nothing was changed.');
    expect(r.stderr).toContain('1 backup(s) in local have problems');
    expect(listing()).toEqual(before);
    const [look] = readAudit(stateDir, 1);
    expect(look).toMatchObject({ command: 'backup prune', outcome: 'ok', details: {} });
    expect(look!.args).toContain('--dry-run');
    const zh = await runCli(['--lang', 'zh', 'backup', 'prune', '--dry-run'], { cwd: shop });
    expect(zh.stdout).toContain(`将删除    ${b.april}`);
    expect(zh.stdout).toContain('演练模式：将删除 2 份备份；未做任何更改。');
    expect(listing()).toEqual(before);
  });

  it('with --json --dry-run returns the plan with reasons, files and problems', async () => {
    const r = await runCli(['--json', 'backup', 'prune', '--dry-run'], { cwd: shop });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean; dry_run: boolean; timezone: string; retention: object;
      destinations: Array<{ name: string; other_stores: number; error: null; removed: string[];
        keep: Array<{ base: string; reasons: string[] }>; remove: Array<{ base: string; files: string[] }>; left_alone: Array<{ base: string; problems: string[] }> }>;
    };
    expect(out).toMatchObject({ ok: true, dry_run: true, timezone: 'Asia/Shanghai', retention: { daily: 2, weekly: 2, monthly: 3 } });
    const [local] = out.destinations;
    expect(local).toMatchObject({ name: 'local', other_stores: 1, error: null, removed: [] });
    expect(local!.keep.slice(1)).toEqual([
      { base: b.june20, id: 'aaaa0001', created: '2024-06-20T02:00:00.000Z', verified: 'never', reasons: ['daily 2024-06-20', 'weekly 2024-W25', 'monthly 2024-06'] },
      { base: b.june19, id: 'aaaa0003', created: '2024-06-19T10:00:00.000Z', verified: 'deep', reasons: ['newest deep-verified'] },
      { base: b.may, id: 'aaaa0004', created: '2024-05-10T02:00:00.000Z', verified: 'never', reasons: ['monthly 2024-05'] },
    ]);
    expect(local!.remove.map((e) => e.base)).toEqual([b.june20early, b.april]);
    expect(local!.remove[0]!.files).toEqual([`${b.june20early}.json`, `${b.june20early}.json.minisig`, `${b.june20early}${ext}`]);
    expect(local!.left_alone.map((e) => [e.base, e.problems])).toEqual([[b.noSidecar, ['no sidecar: the write did not finish, or the sidecar was deleted']]]);
  });

  it('removes exactly the backups retention lets go, sidecar first, and records them in the audit log', async () => {
    const before = listing();
    const gone = [b.june20early, b.april].flatMap((base) => [`${base}.json`, `${base}.json.minisig`, `${base}${ext}`]);
    const r = await runCli(['backup', 'prune', '--operator', 'night-cron'], { cwd: shop });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed      ${b.april}`);
    expect(r.stdout).toContain('Removed 6 file(s).');
    expect(listing()).toEqual(before.filter((f) => !gone.includes(f)));
    const [row] = readAudit(stateDir, 1);
    expect(row).toMatchObject({ command: 'backup prune', operator: 'night-cron', outcome: 'ok' });
    expect(row!.details.removed).toEqual(gone.map((f) => `local/${f}`));
  });

  it('finds nothing more to remove on a second run', async () => {
    const before = listing();
    const r = await runCli(['backup', 'prune'], { cwd: shop });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to remove.');
    expect(listing()).toEqual(before);
  });

  it('refuses an unknown --destination with a usage error and removes nothing', async () => {
    const before = listing();
    const r = await runCli(['backup', 'prune', '--destination', 'usb'], { cwd: shop });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('store-ops: there is no backup destination named usb (the config has: local)');
    expect(r.stderr).toContain('→ use one of the names under backup.destinations');
    expect(listing()).toEqual(before);
  });
});
