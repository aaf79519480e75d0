// store-ops reconcile stock as a command: its flags and the usage errors that stop it before it
// reads or writes anything.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});
afterAll(tmp.cleanup);

describe('store-ops reconcile stock', () => {
  it('explains its flags in --help, in Chinese too', async () => {
    const help = await runCli(['reconcile', 'stock', '--help'], { cwd: tmp.dir });
    for (const flag of ['--count <file.csv>', '--apply', '--top <n>', '--db <name>', '--out <file.csv>']) expect(help.stdout).toContain(flag);
    const zh = await runCli(['--lang', 'zh', 'reconcile', 'stock', '--help'], { cwd: tmp.dir });
    expect(zh.stdout).toContain('实盘数据：CSV');
  });

  it('--top must be a whole number of at least 1', async () => {
    const r = await store.cli(['reconcile', 'stock', '--top', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('store-ops: --top must be a whole number of at least 1, got "0"\n');
  });

  it('--count must name a file that exists', async () => {
    const r = await store.cli(['reconcile', 'stock', '--count', 'counts/nope.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('store-ops: --count counts/nope.csv: no such file\n');
  });

  it('--apply needs --count, and says how to give it', async () => {
    const r = await store.cli(['reconcile', 'stock', '--apply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`store-ops: reconcile stock --apply needs --count FILE: stock is adjusted only to a physical count\n→ give the count: store-ops --config ${store.config} reconcile stock --count FILE --apply\n`);
  });

  it('--out writes every variance as CSV', async () => {
    const r = await store.cli(['reconcile', 'stock', '--out', 'stock.csv']);
    expect(r.code).toBe(0);
    const text = readFileSync(`${tmp.dir}/stock.csv`, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('type,sku,name,code,expected,recorded,counted,units,unit_cost,value,detail');
    expect(rows.slice(1).every((x) => x.startsWith('distortion,'))).toBe(true);
    expect(rows).toHaveLength(6);
  });
});
