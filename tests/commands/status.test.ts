// store-ops status on a demo store: what a fresh store shows (every page of its small database
// read, and said so), what it shows after a backup, a drill and an open incident, a database with a
// damaged page and one with a damaged header named as such while the rest still shows, and the
// verdict of the last diagnose in the reader's language.
import Database from 'better-sqlite3';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;

interface StatusDoc {
  store: { id: string; name: string };
  databases: Array<{ name: string; ok: boolean; problem: string | null; problem_kind: string | null; schema_version: number | null; last_sale_at: string | null; check: string; pages_checked: boolean; damage: string[] }>;
  backup: { configured: boolean; newest: { id: string; too_old: boolean; verified: { level: string } } | null; last_drill: { ok: boolean; restore_ms: number | null } | null };
  incidents: Array<{ id: number; runbook: string; stage: { id: string } | null }>;
  diagnose: { checked_at: string; status: string; cause_class: string | null; runbook: string | null } | null;
}
const statusJson = async () => {
  const r = await store.cli(['--json', 'status']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as StatusDoc;
};

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});

describe('store-ops status', () => {
  it('on a fresh demo store: database ok with its newest sale, no backup, no drill, no incident, no diagnose', async () => {
    const s = await statusJson();
    expect(s.store.id).toBe('SH-0012');
    expect(s.databases).toEqual([expect.objectContaining({ name: 'main', ok: true, problem: null, schema_version: 1, check: 'quick', pages_checked: true, damage: [] })]);
    expect(s.databases[0]!.last_sale_at).toMatch(/^2026-11-21T/);
    expect(s.backup).toMatchObject({ configured: true, newest: null, last_drill: null });
    expect(s.incidents).toEqual([]);
    expect(s.diagnose).toBeNull();

    const en = (await store.cli(['--lang', 'en', 'status'])).stdout;
    expect(en).toMatch(/main: ok, every table and index page read · .* newest sale 2026-11-21 \d\d:\d\d \+08:00 \(/);
    expect(en).toContain(`the full check (integrity_check of the live file, may take minutes): store-ops --config ${store.config} diagnose --deep`);
    expect(en).toContain(`no complete backup: run store-ops --config ${store.config} backup run`);
    expect(en).toContain(`no restore drill recorded: run store-ops --config ${store.config} backup verify --latest --drill`);
  });

  it('after a backup, a drill and an open incident, shows them all, in Chinese on one screen', async () => {
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
    expect((await store.cli(['backup', 'verify', '--latest', '--drill'])).code).toBe(0);
    const answers = path.join(tmp.dir, 'a.yaml');
    writeFileSync(answers, 'keep-evidence: done\n');
    expect((await store.cli(['runbook', 'start', 'pos-crash', '--answers', answers])).code).toBe(2);

    const s = await statusJson();
    expect(s.backup.newest).toMatchObject({ too_old: false, verified: { level: 'drill' } });
    expect(s.backup.last_drill).toMatchObject({ ok: true });
    expect(s.backup.last_drill!.restore_ms).toBeGreaterThan(0);
    expect(s.incidents).toEqual([expect.objectContaining({ runbook: 'pos-crash', stage: expect.objectContaining({ id: 'diagnosis' }) })]);

    const zh = await store.cli(['--lang', 'zh', 'status']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('门店 SH-0012');
    expect(zh.stdout).toMatch(/main：正常，已逐页读取全部表和索引 · .* 结构版本 v1/);
    expect(zh.stdout).toMatch(new RegExp(`最新 ${s.backup.newest!.id}，生成于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\+08:00.*· 恢复演练 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\+08:00`));
    expect(zh.stdout).not.toMatch(/(drill|deep) 校验/);
    expect(zh.stdout).toMatch(/最近一次演练：.*恢复用时 \d+\.\d 秒/);
    expect(zh.stdout).toContain('#1 pos-crash（收银 / 进销存系统崩溃）：未结束');
    expect(zh.stdout).toContain('第 2/38 步：何时开始、谁发现、当时在做什么？');
    expect(zh.stdout).toContain('没有诊断记录');
    expect(zh.stdout.split('\n').length).toBeLessThan(25);
  });

  it('reads the pages of a small database: a damaged index page is DAMAGED, not ok, with the command that says what to do', async () => {
    const file = path.join(store.dir, 'store.db');
    const db = new Database(file, { readonly: true });
    const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = 'sales_at' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (pages[Math.floor(pages.length / 2)]! - 1) * 4096);
    closeSync(fd);

    const s = await statusJson();
    expect(s.databases[0]).toMatchObject({ ok: false, problem_kind: 'damaged', pages_checked: true });
    expect(s.databases[0]!.damage.length).toBeGreaterThan(0);
    const en = (await store.cli(['--lang', 'en', 'status'])).stdout;
    expect(en).toMatch(/ {2}main: DAMAGED: \d+ problem\(s\) found reading its pages; the first: \S/);
    expect(en).not.toContain('main: ok');
    expect(en).toContain(`what is wrong, and which runbook to open: store-ops --config ${store.config} diagnose`);
    const zh = (await store.cli(['--lang', 'zh', 'status'])).stdout;
    expect(zh).toMatch(/ {2}main：已损坏：逐页读取发现 \d+ 处问题，第一处：/);
  });

  it("shows the verdict diagnose recorded: when on the store clock, the status and the top cause, in the reader's language", async () => {
    expect((await store.cli(['diagnose', '--now', DEMO_NOW])).code).toBe(2);
    const s = await statusJson();
    expect(s.diagnose).toMatchObject({ status: 'critical', cause_class: 'external', runbook: 'power-loss' });
    expect(Date.parse(s.diagnose!.checked_at)).toBe(Date.parse(DEMO_NOW));
    const en = (await store.cli(['--lang', 'en', 'status'])).stdout;
    expect(en).toContain('CRITICAL at 2026-11-21 20:00 +08:00 · probable cause: external · runbook: power-loss');
    const zh = (await store.cli(['--lang', 'zh', 'status'])).stdout;
    expect(zh).toContain('2026-11-21 20:00 +08:00：严重 · 可能原因：外部 · 操作手册：power-loss');
    expect(zh).not.toMatch(/CRITICAL|critical|external/);
  });

  it('names a database whose header is damaged, and still shows the rest with exit 0', async () => {
    const db = path.join(store.dir, 'store.db');
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from('garbage garbage!'), 0, 16, 0);
    closeSync(fd);
    const s = await statusJson();
    expect(s.databases[0]).toMatchObject({ ok: false, problem: 'not a SQLite database (its header is damaged or it is another file)' });
    expect(s.backup.newest).not.toBeNull();
    const en = await store.cli(['--lang', 'en', 'status']);
    expect(en.stdout).toContain('main: PROBLEM: not a SQLite database');
  });
});
