// Every metrics file store-ops writes passes Prometheus' own linter, `promtool check metrics`
// (Debian package prometheus, installed by scripts/test-tools.mjs): the backup textfile and
// diagnose --format prometheus, on a demo store whose logs hold findings of every severity
// (fleet status --format prometheus is linted in tests/commands/fleet-status.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { promtoolCheck as promtool } from '../helpers/promtool.js';

const tmp = tempDir('store-ops-promtool-');
let store: DemoStore;
beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const r = await store.cli(['--json', 'backup', 'run']);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(tmp.cleanup);

describe('promtool check metrics', () => {
  it('passes the backup metrics file', () => {
    const text = readFileSync(path.join(store.dir, 'metrics', 'store_ops.prom'), 'utf8');
    expect(text).toMatch(/^store_ops_backup_last_run_success\{store="SH-0012"\} 1$/m);
    expect(promtool(text)).toEqual({ code: 0, problems: '' });
  });

  it('passes diagnose --format prometheus, findings and causes included', async () => {
    const out = path.join(tmp.dir, 'diagnose.prom');
    const r = await store.cli(['diagnose', '--format', 'prometheus', '--now', DEMO_NOW, '--since', '2d', '--out', out]);
    expect([1, 2]).toContain(r.code);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^store_ops_finding_occurrences\{store="SH-0012",finding="[a-z0-9-]+",/m);
    expect(text).toMatch(/^store_ops_cause_confidence\{/m);
    expect(promtool(text)).toEqual({ code: 0, problems: '' });
  });

  it('would catch a name promtool rejects (the check can fail)', () => {
    expect(promtool('# HELP store_ops_x_count x\n# TYPE store_ops_x_count gauge\nstore_ops_x_count 1\n').code).not.toBe(0);
  });
});
