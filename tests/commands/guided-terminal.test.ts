// restore-from-backup walked by hand on a real terminal, as a technician does it: every answer a
// key, every paper slip held against the paper one by one (one left out, so the proof fails and
// the walk goes back for it), ending with an intact database and nothing waiting. And Ctrl+C while
// a run step's command runs: the walk pauses at that step with nothing written, and goes on later.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { damage, quickCheck } from '../helpers/damaged-db.js';
import { KILL, onTerminal } from '../helpers/terminal.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const DOWN = '\x1b[B';

interface SalesLook {
  to_enter: { count: number };
  slips: Array<{ id: string; status: string; items: Array<{ code: string; name: string | null }> }>;
}

const look = async (store: DemoStore) => JSON.parse((await store.cli(['--json', 'reconcile', 'sales'])).stdout) as SalesLook;

describe('restore-from-backup by hand on a terminal, in Chinese', () => {
  let store: DemoStore;
  let slips: SalesLook['slips'];

  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir, 'zh-walk');
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
    slips = (await look(store)).slips.filter((s) => s.status === 'unconfirmed');
    damage(path.join(store.dir, 'store.db'));
    expect(quickCheck(path.join(store.dir, 'store.db'))).not.toBe('ok');
  });

  it('ends with the database intact, every receipt and every slip in, the slips checked one by one', async () => {
    const n = slips.length;
    expect(n).toBeGreaterThan(1);
    const eachSlip: Array<[string, string]> = slips.map((_, i) => [`第 ${i + 1}/${n} 张`, i === n - 1 ? `${DOWN}\r` : '\r']);
    const t = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'zh', 'runbook', 'start', 'restore-from-backup'], [
      ['(why)', '\r'],
      ['(last-good)', '\r'],
      ['为什么跳过？', '不清楚\r'],
      ['(list)', '\r'],
      ['(stop-service)', '\r'],
      ['(identity)', `${store.identity}\r`],
      ['(dry-run)', '\r'],
      ['(restore)', '\r'],
      ['(start-back-office)', '\r'],
      ['(look-restored)', '\r'],
      ['(check-restored)', '\r'],
      ['(reconcile-sales)', '\r'],
      ['(apply-sales)', '\r'],
      ['(slips)', '\r'],
      ...eachSlip,
      // The last slip was left out: the proof fails, and the walk goes back to the slips.
      ['(prove)', '\r'],
      ['接下来怎么办？', `${DOWN}\r`],
      ['(slips)', '\r'],
      ['第 1/1 张', '\r'],
      ['(prove)', '\r'],
      ['(start-service)', '\r'],
      ['(lost-data)', '无\r'],
      ['(root-cause)', '磁盘坏块\r'],
      ['(test-functions)', '\r'],
      ['(fresh-backup)', '\r'],
      ['(drill)', '\r'],
      ['(stock-check)', '\r'],
      ['(follow-up)', '每月做一次恢复演练\r'],
      ['(close)', '\r'],
    ], 240_000);
    expect(t.code, t.screen.slice(-3000)).toBe(0);
    const { screen } = t;

    // The restored database's newest sale is shown beside the backup's time, on the store's clock.
    expect(screen).toMatch(/数据库 main：读取正常；最近一笔销售 \d{4}-\d\d-\d\d \d\d:\d\d \+08:00/);
    // Each slip is shown with its items by name, and asked about on its own.
    const first = slips[0]!;
    expect(screen).toContain(`第 1/${n} 张：${first.id}`);
    const named = first.items.find((i) => i.name)!;
    expect(screen).toContain(`${named.name}（${named.code}）`);
    expect(screen.split('与纸质小票一致吗？').length - 1).toBeGreaterThanOrEqual(n + 1);
    const left = slips[n - 1]!.id;
    expect(screen).toContain(`正在运行 store-ops reconcile sales --apply --confirm ${slips.slice(0, -1).map((s) => s.id).join(' ')} …`);
    expect(screen).toContain('仍待处理：0 张小票待补录，1 张手写小票待确认或更正。');
    expect(screen).toContain(`正在运行 store-ops reconcile sales --apply --confirm ${left} …`);
    expect(screen).toContain('没有待补录的内容：所有流水小票和手写小票都已在数据库中。');
    // After --apply the summary says what went in, and what only a person can settle.
    expect(screen).toMatch(/已补录：\d+ 张小票/);
    expect(screen).toMatch(/以下内容不会自动补录，需要人工查看：与数据库内容不一致的小票 \d+ 张/);
    expect(screen).toContain(`store-ops --config ${store.config} --lang zh runbook report 1 --out 事件报告.md`);
    expect(screen).not.toMatch(/navigate|select|internal error|内部错误/);

    expect(quickCheck(path.join(store.dir, 'store.db'))).toBe('ok');
    const check = await store.cli(['--json', 'reconcile', 'sales', '--check']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ waiting: { receipts: 0, slips: 0, complete: true } });
    const report = (await store.cli(['--lang', 'zh', 'runbook', 'report', '1'])).stdout;
    expect(report).toContain(`reconcile sales --apply --confirm ${left}`);
    // About fifty keys, each typed once its prompt shows, and twenty commands: longer than one minute on a busy machine.
  }, 240_000);
});

describe('Ctrl+C while a run step\'s command runs', () => {
  let store: DemoStore;

  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir, 'ctrl-c');
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
    const answers = path.join(store.dir, 'up-to-apply.yaml');
    writeFileSync(answers, [
      'why: corrupt', 'last-good: {skip: "nobody knows"}', 'list: run', 'stop-service: done', `identity: ${store.identity}`,
      'dry-run: run', 'restore: run', 'start-back-office: done', 'look-restored: run', 'check-restored: "yes"', 'reconcile-sales: run', '',
    ].join('\n'));
    // The answers run out at the apply step: the incident waits there.
    expect((await store.cli(['--lang', 'en', 'runbook', 'start', 'restore-from-backup', '--answers', answers])).code).toBe(2);
  });

  it('pauses the walk at that step, records the cut-off command, writes nothing, and resumes there', async () => {
    const before = (await look(store)).to_enter.count;
    expect(before).toBeGreaterThan(0);
    // The store system holds a write transaction: the apply waits for it (up to 5 s), and is stopped while it waits.
    const system = new Database(path.join(store.dir, 'store.db'));
    system.exec('BEGIN IMMEDIATE');
    let t;
    try {
      t = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'en', 'runbook', 'resume', '1'], [
        ['(apply-sales)', '\r'],
        ['Running store-ops reconcile sales --apply', '\x03'],
      ]);
    } finally {
      system.exec('ROLLBACK');
      system.close();
    }
    expect(t.code, t.screen.slice(-2000)).toBe(1);
    expect(t.screen).toContain('store-ops: paused; incident #1 stays open at this step');
    expect(t.screen).toContain(`→ continue with: store-ops --config ${store.config} --lang en runbook resume 1`);
    expect(t.screen).not.toMatch(/internal error|User force closed/);
    expect(t.raw).toContain('\x1b[?25h');

    // Nothing was entered, and the incident waits at the apply step.
    expect((await look(store)).to_enter.count).toBe(before);
    const status = JSON.parse((await store.cli(['--json', 'runbook', 'status'])).stdout) as { incidents: Array<{ step: { id: string } }> };
    expect(status.incidents.map((i) => i.step.id)).toEqual(['apply-sales']);
    const report = (await store.cli(['--lang', 'en', 'runbook', 'report', '1'])).stdout;
    expect(report).toMatch(/reconcile sales --apply.*stopped by Ctrl\+C/);

    const rest = path.join(store.dir, 'rest.yaml');
    writeFileSync(rest, ['apply-sales: run', 'slips: all', 'prove: run', 'start-service: done', 'lost-data: none', 'root-cause: disk',
      'test-functions: done', 'fresh-backup: run', 'drill: run', 'stock-check: run', 'follow-up: drills', 'close: done', ''].join('\n'));
    const resumed = await store.cli(['--lang', 'en', 'runbook', 'resume', '1', '--answers', rest]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Nothing waits: every journal receipt and every paper slip is in the database.');
    expect((await store.cli(['reconcile', 'sales', '--check'])).code).toBe(0);
  });
});

describe('Ctrl+C at a typed value, then kill -9 during a command, on a terminal', () => {
  it('pauses at the value, and after the kill resumes at the cut-off command with the cursor shown', async () => {
    const store = await makeDemoStore(tmp.dir, 'killed');
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
    const args = (lang: string, ...words: string[]) => ['--config', store.config, '--lang', lang, 'runbook', ...words];

    const typed = await onTerminal(tmp.dir, args('zh', 'start', 'restore-from-backup'), [['(why)', '\r'], ['(last-good)', '\x03']]);
    expect(typed.code).toBe(1);
    expect(typed.screen).toContain('已暂停；事件 #1 保持未结束，停在这一步');
    expect(typed.screen).not.toMatch(/internal error|内部错误|User force closed/);

    const killed = await onTerminal(tmp.dir, args('zh', 'resume', '1'), [
      ['(last-good)', '\r'], ['为什么跳过？', '不清楚\r'], ['(list)', '\r'], ['正在运行 store-ops backup list', KILL],
    ]);
    expect(killed.code).not.toBe(0);
    expect(killed.screen).not.toContain('(stop-service)');

    const resumed = await onTerminal(tmp.dir, args('en', 'resume', '1'), [['Run this command now?', '\x03']]);
    // Every start on a terminal shows the cursor first: a kill -9 at a prompt never leaves it hidden.
    expect(resumed.raw.startsWith('\x1b[?25h')).toBe(true);
    expect(resumed.screen).toContain('(list)');
    expect(resumed.screen).toMatch(/Last time store-ops backup list started at \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 and never reported back/);
    expect(resumed.code).toBe(1);
  });
});
