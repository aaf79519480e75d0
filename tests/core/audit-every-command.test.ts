// Every command leaves a row in the store's audit log, looks included: who the system says ran it,
// their role, the command as typed and how it ended; a row that cannot be written is said.
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { ROLE_TABLE } from '../../src/core/roles/table.js';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** One way to run each command a viewer may run; a look added to the role table must be added here. */
const LOOKS: Record<string, string[]> = {
  'config check': ['config', 'check'],
  'status': ['status'],
  'diagnose': ['diagnose'],
  'fleet status': ['fleet', 'status'],
  'audit': ['audit', '--limit', '1'],
  'backup list': ['backup', 'list'],
  'backup schedule': ['backup', 'schedule'],
  'runbook list': ['runbook', 'list'],
  'runbook show': ['runbook', 'show', 'pos-crash'],
  'runbook status': ['runbook', 'status'],
  'runbook report': ['runbook', 'report', '1'],
};

describe('the audit log records every command', () => {
  let store: DemoStore;
  const stateDir = () => path.join(store.dir, '.store-ops');
  const me = os.userInfo().username;

  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir);
  });

  it('records each look a viewer may run, with the system user, the role, the words typed and how it ended', async () => {
    const viewerCommands = Object.entries(ROLE_TABLE).filter(([, rule]) => rule.role === 'viewer').map(([command]) => command);
    expect(Object.keys(LOOKS).sort()).toEqual(viewerCommands.sort());
    const codes: Record<string, number> = {};
    for (const [command, args] of Object.entries(LOOKS)) codes[command] = (await store.cli(args)).code;
    const rows = readAudit(stateDir(), 100).reverse().filter((r) => r.command in LOOKS);
    expect(rows.map((r) => r.command)).toEqual(Object.keys(LOOKS));
    for (const row of rows) {
      expect(row.args).toEqual(['--config', store.config, ...LOOKS[row.command]!]);
      expect(row).toMatchObject({ user: me, role: process.getuid?.() === 0 ? 'manager' : expect.any(String) });
    }
    const outcome = Object.fromEntries(rows.map((r) => [r.command, r.outcome]));
    // The demo store has no backup yet: diagnose's verdict is CRITICAL, which is a finished run.
    expect(codes.diagnose).toBe(2);
    expect(outcome.diagnose).toBe('ok');
    expect(rows.find((r) => r.command === 'diagnose')!.details).toMatchObject({ verdict: 'critical' });
    // No incident 1 and no bucket to read: failures of the command itself, each with its reason.
    expect(codes['runbook report']).not.toBe(0);
    expect(outcome['runbook report']).not.toBe('ok');
    expect(String(rows.find((r) => r.command === 'runbook report')!.details.error)).toContain('1');
    expect(outcome['fleet status']).not.toBe('ok');
    expect(String(rows.find((r) => r.command === 'fleet status')!.details.error)).toContain('fleet');
    for (const command of Object.keys(LOOKS).filter((c) => !['diagnose', 'runbook report', 'fleet status'].includes(c))) {
      expect([command, codes[command], outcome[command]]).toEqual([command, 0, 'ok']);
    }
  });

  it('shows a verdict beside "done", and the command as typed, in English and in Chinese', async () => {
    expect((await store.cli(['reconcile', 'sales', '--check'])).code).toBe(1);
    const en = await store.cli(['audit', '--limit', '3']);
    const lines = en.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`  store-ops --config ${store.config} reconcile sales --check: done \\(some still wait\\)$`));
    const zh = await store.cli(['--lang', 'zh', 'audit', '--limit', '20']);
    expect(zh.stdout).toMatch(new RegExp(`  store-ops --config ${store.config} diagnose：完成（严重）\n`));
    expect(zh.stdout).toContain(`store-ops --config ${store.config} reconcile sales --check：完成（仍有待补录）`);
  });

  it('still answers a look when the audit log cannot be written, and says so in one line naming the folder', async () => {
    const broken = await makeDemoStore(tmp.dir, 'broken');
    const state = path.join(broken.dir, '.store-ops');
    for (const f of ['state.db', 'state.db-wal', 'state.db-shm']) rmSync(path.join(state, f), { force: true });
    // A folder where the database should be: no user, root included, can open it as one.
    mkdirSync(path.join(state, 'state.db'));
    const r = await broken.cli(['runbook', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pos-crash');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^store-ops: .*audit.*${state}`))]);
    expect(r.stderr).toContain(`mv ${path.join(state, 'state.db')} ${path.join(state, 'state.db')}.bad`);
    const zh = await broken.cli(['--lang', 'zh', 'runbook', 'list']);
    expect(zh.code).toBe(0);
    expect(zh.stderr.trim().split('\n')).toEqual([`store-ops: 无法把审计记录写入 ${state}：状态数据库 ${path.join(state, 'state.db')} 不是普通文件（是链接或其他类型的文件）；未向其写入任何内容；把它移开，让 store-ops 新建一个：mv ${path.join(state, 'state.db')} ${path.join(state, 'state.db')}.bad`]);
  });
});
