// store-ops reconcile sales as a command: its flags, its help, and the usage errors that stop it
// before it reads anything (exit 2, one line and a hint on stderr, stdout empty).
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});
afterAll(tmp.cleanup);

describe('store-ops reconcile sales', () => {
  it('is listed in the overview and explains its flags and exit codes in --help', async () => {
    const overview = await runCli(['--help'], { cwd: tmp.dir });
    expect(overview.stdout).toMatch(/reconcile sales\s+compare register journals/);
    expect(overview.stdout).toMatch(/reconcile stock\s+expected stock/);
    const help = await runCli(['reconcile', 'sales', '--help'], { cwd: tmp.dir });
    expect(help.code).toBe(0);
    for (const flag of ['--journal <glob>', '--manual <glob>', '--apply', '--confirm <id...>', '--window <minutes>', '--db <name>', '--out <file.csv>']) expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('Exit codes: 0 done, 1 the operation failed, 2 usage or configuration error.');
  });

  it('--window must be whole minutes', async () => {
    const r = await store.cli(['reconcile', 'sales', '--window', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('store-ops: --window must be whole minutes from 1 to 1440, got "soon"\n');
  });

  it('--db must name a database of the config; under --json the error is a document on stdout', async () => {
    const r = await store.cli(['--json', 'reconcile', 'sales', '--db', 'loyalty']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exit_code: 2, error: { kind: 'usage', code: 'reconcile.unknownDb', message: 'there is no database named loyalty in the config (databases: main)' } });
  });

  it('--journal and --manual replace the config\'s globs; a pattern that matches nothing is a warning, not an error', async () => {
    const r = await store.cli(['--json', 'reconcile', 'sales', '--journal', 'shop/journals/register-02.jsonl', '--manual', 'nowhere/*.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: nowhere/*.csv matches no file\n');
    const doc = JSON.parse(r.stdout);
    expect(doc.sources).toMatchObject({ journals: ['journals/register-02.jsonl'], manual: [], unmatched: ['nowhere/*.csv'] });
    expect(doc.registers.map((x: { register: string }) => x.register)).toEqual(['POS-02']);
  });

  it('a store database that cannot be opened fails with exit 1 and names it', async () => {
    const config = readFileSync(store.config, 'utf8').replace('path: ./store.db', 'path: ./gone.db');
    writeFileSync(`${store.dir}/broken.yaml`, config);
    const r = await runCli(['--config', `${store.dir}/broken.yaml`, 'reconcile', 'sales'], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^store-ops: cannot open the store database shop\/gone\.db: /);
    expect(r.stderr).toContain('→ check databases[].path in the config');
  });
});
