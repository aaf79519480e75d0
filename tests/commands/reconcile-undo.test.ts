// store-ops reconcile undo as a command: listed beside its siblings, its --help with the exit
// codes, and what it says on a store where no --apply ever ran (exit 2, stdout empty).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});
afterAll(tmp.cleanup);

describe('store-ops reconcile undo', () => {
  it('is listed after reconcile sales and stock, and its --help gives the id and the exit codes, in Chinese too', async () => {
    const overview = await runCli(['--help'], { cwd: tmp.dir });
    expect(overview.stdout).toMatch(/reconcile stock\s+expected stock[\s\S]*\n\s+reconcile undo \[id\]\s+reverse a reconcile --apply from its change/);
    const help = await runCli(['reconcile', 'undo', '--help'], { cwd: tmp.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: store-ops reconcile undo \[options\] \[id\]/);
    expect(help.stdout).toContain('Exit codes: 0 done, 1 the operation failed, 2 usage or configuration error.');
    const zh = await runCli(['--lang', 'zh', 'reconcile', 'undo', '--help'], { cwd: tmp.dir });
    expect(zh.stdout).toContain('按改动记录撤销一次对账写入');
    expect(zh.stdout).toContain('退出码：0 完成，1 操作失败，2 用法或配置错误。');
  });

  it('with no --apply to undo, says so and where it looked; under --json as a document', async () => {
    const quarantine = path.join(store.dir, '.store-ops', 'quarantine');
    const r = await store.cli(['reconcile', 'undo']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`store-ops: there is no reconcile --apply to undo (no change record in ${quarantine})\n`);
    const j = await store.cli(['--json', 'reconcile', 'undo']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, exit_code: 2, error: { kind: 'usage', code: 'reconcile.undoNothing' } });
    const zh = await store.cli(['--lang', 'zh', 'reconcile', 'undo']);
    expect(zh.stderr).toBe(`store-ops: 没有可撤销的对账写入（${quarantine} 中没有改动记录）\n`);
  });
});
