// store-ops status on a demo store: what a fresh store shows, what it shows after a backup, a
// drill and an open incident, and a damaged database named as such while the rest still shows.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;

interface StatusDoc {
  store: { id: string; name: string };
  databases: Array<{ name: string; ok: boolean; problem: string | null; schema_version: number | null; last_sale_at: string | null; check: string }>;
  backup: { configured: boolean; newest: { id: string; too_old: boolean; verified: { level: string } } | null; last_drill: { ok: boolean; restore_ms: number | null } | null };
  incidents: Array<{ id: number; runbook: string; stage: { id: string } | null }>;
  diagnose: unknown;
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
    expect(s.databases).toEqual([expect.objectContaining({ name: 'main', ok: true, problem: null, schema_version: 1, check: 'quick' })]);
    expect(s.databases[0]!.last_sale_at).toMatch(/^2026-11-21T/);
    expect(s.backup).toMatchObject({ configured: true, newest: null, last_drill: null });
    expect(s.incidents).toEqual([]);
    expect(s.diagnose).toBeNull();
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
    expect(zh.stdout).toMatch(/main：正常 · .* 结构版本 v1/);
    expect(zh.stdout).toMatch(new RegExp(`最新 ${s.backup.newest!.id}，生成于 .*已 drill 校验`));
    expect(zh.stdout).toMatch(/最近一次演练：.*恢复用时 \d+\.\d 秒/);
    expect(zh.stdout).toContain('#1 pos-crash（收银 / 进销存系统崩溃）：未结束');
    expect(zh.stdout).toContain('第 2/32 步：何时开始、谁发现、当时在做什么？');
    expect(zh.stdout).toContain('没有诊断记录');
    expect(zh.stdout.split('\n').length).toBeLessThan(25);
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
