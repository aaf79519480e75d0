// Broken runbook files are rejected with the file, the line and the key path named, both when
// parsed and end to end: a store's own runbooks/ folder beside its config, read by `runbook show`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunbookText } from '../../src/runbook/load.js';
import { runCli, tempDir } from '../helpers/cli.js';

const GOOD = `id: drill
title: { zh: 演练, en: Drill }
summary: { zh: 演练用。, en: For drills. }
causes: [software]
stages:
  - stage: diagnosis
    target: 1h
    steps:
      - id: look
        kind: say
        title: { zh: 看一看, en: Have a look }
      - id: where
        kind: ask
        title: { zh: 在哪里？, en: Where? }
        choices:
          - { value: here, label: { zh: 这里, en: Here }, next: note }
          - { value: there, label: { zh: 那里, en: There } }
      - id: note
        kind: input
        title: { zh: 记下来, en: Write it down }
`;

/** The good runbook with one line replaced: each case is named after its damage. */
const damaged = (from: string, to: string) => {
  if (!GOOD.includes(from)) throw new Error(`no "${from}" in the good runbook`);
  return GOOD.replace(from, to);
};

const CASES = [
  { damage: 'a dangling branch', text: damaged('next: note }', 'next: nowhere }'), line: 16, key: 'stages[0].steps[1].choices[0].next', problem: 'no step "nowhere"' },
  { damage: 'a missing language', text: damaged('title: { zh: 看一看, en: Have a look }', 'title: { zh: 看一看 }'), line: 11, key: 'stages[0].steps[0].title.en', problem: 'missing' },
  { damage: 'an unknown step kind', text: damaged('kind: input', 'kind: shout'), line: 19, key: 'stages[0].steps[2].kind', problem: 'unknown step kind; expected say, ask, run or input, got "shout"' },
  { damage: 'a duplicated step id', text: damaged('id: note', 'id: look'), line: 18, key: 'stages[0].steps[2].id', problem: 'already the id of stages[0].steps[0]' },
  { damage: 'a misspelt key', text: damaged('        kind: say', '        kind: say\n        txet: { zh: 字, en: text }'), line: 11, key: 'stages[0].steps[0].txet', problem: 'unknown key' },
  { damage: 'stages out of order', text: damaged('  - stage: diagnosis', '  - stage: recovery\n    target: 1w\n    steps: [{ id: end-it, kind: say, title: { zh: 完, en: Done } }]\n  - stage: diagnosis'), line: 9, key: 'stages[1].stage', problem: 'out of order' },
  { damage: 'a global option in a run step', text: damaged('        kind: say\n', '        kind: run\n        command: [backup, list, --json]\n'), line: 11, key: 'stages[0].steps[0].command', problem: '--json is added by the runbook itself' },
];

describe('a broken runbook file', () => {
  it('the good one parses', () => {
    expect(parseRunbookText(GOOD, 'drill.yaml', { cwd: '/', fileId: 'drill' }).stages[0]!.steps).toHaveLength(3);
  });

  for (const c of CASES) {
    it(`with ${c.damage} is rejected naming the file, line and key`, () => {
      expect(() => parseRunbookText(c.text, 'runbooks/drill.yaml', { cwd: '/', fileId: 'drill' })).toThrow(
        expect.objectContaining({ kind: 'config', params: expect.objectContaining({ file: `runbooks/drill.yaml:${c.line}`, key: c.key, problem: expect.stringContaining(c.problem) }) }),
      );
    });
  }

  it('whose id differs from its file name is rejected', () => {
    expect(() => parseRunbookText(GOOD, 'runbooks/other.yaml', { cwd: '/', fileId: 'other' })).toThrow(/id: "drill" differs from the file name/);
  });

  it('with a YAML syntax error names the line', () => {
    expect(() => parseRunbookText(damaged('    target: 1h', '    target: [1h'), 'x.yaml', { cwd: '/' })).toThrow(/^x\.yaml:\d+: YAML syntax error/);
  });
});

describe('store-ops runbook show on a store runbook with a dangling branch', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const config = path.join(tmp.dir, 'store-ops.yaml');
  writeFileSync(config, 'store: { id: T-1, name: Test }\ndatabases: [{ name: main, path: ./store.db }]\n');
  mkdirSync(path.join(tmp.dir, 'runbooks'));
  writeFileSync(path.join(tmp.dir, 'runbooks', 'drill.yaml'), CASES[0]!.text);

  it('exits 2 with one line naming file, line and key, and prints nothing on stdout', async () => {
    const r = await runCli(['--config', config, 'runbook', 'show', 'drill'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('store-ops: runbooks/drill.yaml:16: stages[0].steps[1].choices[0].next: no step "nowhere" in this runbook (a branch goes to a step id, or to "end")');
    expect(r.stderr).toContain('→ fix the file');
  });

  it('runbook list still lists the built-in runbooks, names the broken file on stderr and exits 2', async () => {
    const r = await runCli(['--config', config, '--json', 'runbook', 'list'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { runbooks: Array<{ id: string }>; problems: Array<{ file: string; error: string }> };
    expect(doc.runbooks.map((x) => x.id)).toContain('pos-crash');
    expect(doc.problems).toEqual([{ file: path.join(tmp.dir, 'runbooks', 'drill.yaml'), error: expect.stringContaining('runbooks/drill.yaml:16') }]);
  });
});
