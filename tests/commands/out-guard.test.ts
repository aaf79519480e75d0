// --out of the report commands aimed at the store's own data: refused before any work (exit 2,
// the file and what it is named, the database byte-identical, stdout only the --json error
// document). An existing file that is not a store-ops report needs --force; a report store-ops
// wrote itself is rewritten without it (cron writing metrics every minute).
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let demo: DemoStore;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const inStore = (args: string[]) => runCli(['--config', demo.config, ...args], { cwd: demo.dir });
const dbSha = () => sha(path.join(demo.dir, 'store.db'));
const leftoverTemps = () => readdirSync(demo.dir).filter((f) => f.endsWith('.tmp'));

beforeAll(async () => {
  demo = await makeDemoStore(tmp.dir);
}, 180_000);
afterAll(() => tmp.cleanup());

const COMMANDS: Array<{ name: string; args: string[]; json: boolean }> = [
  { name: 'reconcile sales', args: ['reconcile', 'sales'], json: true },
  { name: 'reconcile stock', args: ['reconcile', 'stock'], json: true },
  { name: 'diagnose --format prometheus', args: ['diagnose', '--now', DEMO_NOW, '--format', 'prometheus'], json: false },
  { name: 'runbook report', args: ['runbook', 'report', '1'], json: true },
];

describe('--out onto the store database', () => {
  for (const c of COMMANDS) {
    it(`${c.name} --out store.db: exit 2 naming the database, database byte-identical, nothing else on stdout`, async () => {
      const before = dbSha();
      const r = await inStore([...(c.json ? ['--json'] : []), ...c.args, '--out', 'store.db']);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe("store-ops: --out store.db is the store's database (databases[0].path); nothing was written");
      if (c.json) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_code: 2, error: { code: 'out.database' } });
      else expect(r.stdout).toBe('');
      expect(dbSha()).toBe(before);
      expect(leftoverTemps()).toEqual([]);
    });
  }

  it("--out onto the database's WAL file, and through a link to the store folder, is refused too", async () => {
    const before = dbSha();
    const wal = await inStore(['reconcile', 'stock', '--out', 'store.db-wal']);
    expect(wal.stderr).toContain("--out store.db-wal is a file SQLite keeps beside the store's database store.db (databases[0].path)");
    expect(wal.code).toBe(2);
    symlinkSync(demo.dir, path.join(tmp.dir, 'alias'));
    const alias = await runCli(['--config', demo.config, 'reconcile', 'sales', '--out', 'alias/store.db'], { cwd: tmp.dir });
    expect(alias.stderr).toContain("--out alias/store.db is the store's database (databases[0].path)");
    expect(alias.code).toBe(2);
    expect(dbSha()).toBe(before);
  });

  it('--out into the backup folder, onto a journal, a log or the config file is refused, saying what it is', async () => {
    const journal = readdirSync(path.join(demo.dir, 'journals'))[0]!;
    const cases: Array<[string, string]> = [
      ['backups/list.csv', '--out backups/list.csv is inside the backup folder backups (backup.destinations[0].path)'],
      [`journals/${journal}`, `--out journals/${journal} is a register journal (journals[0]: journals/*.jsonl)`],
      ['logs/inventory.log', "--out logs/inventory.log is one of the store's logs (logs[1].path: logs/inventory.log)"],
      ['store-ops.yaml', "--out store-ops.yaml is store-ops' config file"],
      ['.store-ops/list.csv', "--out .store-ops/list.csv is inside store-ops' state folder .store-ops (state_dir)"],
    ];
    for (const [out, message] of cases) {
      const file = path.join(demo.dir, out);
      const before = (() => { try { return sha(file); } catch { return 'absent'; } })();
      const r = await inStore(['reconcile', 'stock', '--out', out]);
      expect(r.stderr).toContain(message);
      expect(r.code).toBe(2);
      expect((() => { try { return sha(file); } catch { return 'absent'; } })()).toBe(before);
    }
  });
});

describe('--out onto an existing file', () => {
  it('an unrelated file is refused without --force and left unchanged, and replaced with --force', async () => {
    const file = path.join(tmp.dir, 'budget.csv');
    writeFileSync(file, 'month,amount\n2026-11,1000\n');
    const refused = await runCli(['--config', demo.config, 'reconcile', 'stock', '--out', 'budget.csv'], { cwd: tmp.dir });
    expect(refused.stderr.split('\n')[0]).toBe('store-ops: --out budget.csv already exists and is not a store-ops report; nothing was written');
    expect(refused.stderr).toContain(`→ to replace it: store-ops --config ${demo.config} reconcile stock --out budget.csv --force`);
    expect(refused.stdout).toBe('');
    expect(refused.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('month,amount\n2026-11,1000\n');
    const forced = await runCli(['--config', demo.config, 'reconcile', 'stock', '--out', 'budget.csv', '--force'], { cwd: tmp.dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('\uFEFFtype,sku,name,')).toBe(true);
  });

  it('the same command run twice onto its own output works without --force (reconcile sales, diagnose metrics from cron)', async () => {
    for (const args of [['reconcile', 'sales', '--out', 'sales.csv'], ['diagnose', '--now', DEMO_NOW, '--format', 'prometheus', '--out', 'store_ops.prom']]) {
      const first = await runCli(['--config', demo.config, ...args], { cwd: tmp.dir });
      expect(first.stderr).not.toContain('already exists');
      const second = await runCli(['--config', demo.config, ...args], { cwd: tmp.dir });
      expect(second.stderr).not.toContain('already exists');
      expect(second.code).toBe(first.code);
    }
    expect(readFileSync(path.join(tmp.dir, 'sales.csv'), 'utf8').startsWith('\uFEFFtype,id,register,')).toBe(true);
    expect(readFileSync(path.join(tmp.dir, 'store_ops.prom'), 'utf8').startsWith('# HELP store_ops_diagnose_status')).toBe(true);
  });

  it('runbook report rewrites its own report without --force, in either language', async () => {
    writeFileSync(path.join(tmp.dir, 'answers.yaml'), '{}\n');
    await runCli(['--config', demo.config, 'runbook', 'start', 'pos-crash', '--answers', 'answers.yaml', '--yes'], { cwd: tmp.dir });
    const en = await runCli(['--config', demo.config, 'runbook', 'report', '1', '--out', 'incident.md'], { cwd: tmp.dir });
    expect(en.stderr).toBe('');
    expect(en.code).toBe(0);
    const zh = await runCli(['--config', demo.config, '--lang', 'zh', 'runbook', 'report', '1', '--out', 'incident.md'], { cwd: tmp.dir });
    expect(zh.stderr).toBe('');
    expect(zh.code).toBe(0);
    const again = await runCli(['--config', demo.config, 'runbook', 'report', '1', '--out', 'incident.md'], { cwd: tmp.dir });
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(tmp.dir, 'incident.md'), 'utf8').startsWith('# Incident #1: ')).toBe(true);
  });

  it('a link planted under the --out name needs --force, and then the link is replaced while its target stays untouched', async () => {
    const victim = path.join(tmp.dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, path.join(tmp.dir, 'planted.csv'));
    const refused = await runCli(['--config', demo.config, 'reconcile', 'stock', '--out', 'planted.csv'], { cwd: tmp.dir });
    expect(refused.stderr).toContain('--out planted.csv already exists and is not a store-ops report');
    expect(refused.code).toBe(2);
    const forced = await runCli(['--config', demo.config, 'reconcile', 'stock', '--out', 'planted.csv', '--force'], { cwd: tmp.dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(path.join(tmp.dir, 'planted.csv')).isSymbolicLink()).toBe(false);
  });
});
