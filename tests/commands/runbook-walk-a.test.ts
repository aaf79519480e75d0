// Built-in runbooks of walk group a, end to end (see tests/helpers/runbook-walk.ts), and what
// `runbook start` does without a terminal.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookFiles } from '../../src/runbook/load.js';
import { WALK_GROUPS, walkRunbooks } from '../helpers/runbook-walk.js';

const store = walkRunbooks('a');

it('every built-in runbook is in exactly one walk group', () => {
  const grouped = Object.values(WALK_GROUPS).flat().sort();
  expect(grouped).toEqual(runbookFiles(undefined).map((f) => f.id).sort());
  expect(new Set(grouped).size).toBe(grouped.length);
});

describe('runbook start without a terminal', () => {
  it('and without --answers exits 2 at once, opens no incident and leaves stdout empty', async () => {
    const r = await store().cli(['runbook', 'start', 'pos-crash']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`store-ops: a runbook asks questions, and there is no terminal to ask on\n→ run it on a terminal, or give the answers: store-ops --config ${store().config} runbook start pos-crash --answers FILE\n`);
    const status = JSON.parse((await store().cli(['--json', 'runbook', 'status'])).stdout) as { incidents: unknown[] };
    expect(status.incidents).toEqual([]);
  });

  it('with an answers file naming a step the runbook lacks exits 2 naming file, line and key', async () => {
    const answers = path.join(store().dir, 'typo.yaml');
    writeFileSync(answers, 'keep-evidence: done\nnotcied: 14:02\n');
    const r = await store().cli(['runbook', 'start', 'pos-crash', '--answers', answers]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`store-ops: ${answers}:2: notcied: no step "notcied" in runbook pos-crash (see: store-ops runbook show pos-crash)`);
  });
});
