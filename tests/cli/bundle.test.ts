// The built package runs from what `npm pack` ships: dist/ finds bin/, runbooks/ and package.json
// from wherever it is installed, and diagnose carries its signature library and correlation rules
// in the bundle (scripts/build.mjs), so it does not read src/checks/ at run time.
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, ROOT, runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
const installed = path.join(tmp.dir, 'installed');
const bin = path.join(installed, 'bin', 'store-ops.js');
let store: DemoStore;

beforeAll(async () => {
  mkdirSync(installed);
  for (const part of ['bin', 'dist', 'runbooks', 'package.json']) cpSync(path.join(ROOT, part), path.join(installed, part), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(installed, 'node_modules'));
  store = await makeDemoStore(tmp.dir);
});
afterAll(tmp.cleanup);

const installedCli = (args: string[]) => runCli(args, { cwd: tmp.dir, bin });

describe('an installed copy without src/', () => {
  it('diagnoses the demo store with the built-in signatures and rules', async () => {
    const r = await installedCli(['--json', '--config', store.config, 'diagnose', '--now', DEMO_NOW]);
    expect(r.stderr).not.toContain('ENOENT');
    const doc = JSON.parse(r.stdout) as { findings: { id: string; source: string }[]; causes: { rule: string }[] };
    // The demo's logs hold a database-corruption burst (a signature) that a rule of causes.yaml names.
    expect(doc.findings.filter((f) => f.source === 'log').map((f) => f.id)).toContain('sqlite-corrupt');
    expect(doc.causes.map((c) => c.rule).filter((rule) => !rule.startsWith('group:')).length).toBeGreaterThan(0);
  });

  it('lists the runbooks shipped beside dist/, and its schedule names its own launcher', async () => {
    const list = await installedCli(['runbook', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('pos-crash');
    const schedule = await installedCli(['--config', store.config, 'backup', 'schedule']);
    expect(schedule.stdout).toContain(bin);
  });
});
