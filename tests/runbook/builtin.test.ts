// The built-in runbooks as shipped: every file parses in full (both languages everywhere), covers
// the five stages in order, has every step reachable, names only registered commands, and every
// runbook id that diagnose can recommend exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { unknownCommands } from '../../src/runbook/check.js';
import { failureBranch, flatten, nextAfter, nextAfterCommand } from '../../src/runbook/machine.js';
import { BUILTIN_DIR, loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { END, STAGES, type Runbook } from '../../src/runbook/schema.js';
import { ROOT } from '../helpers/cli.js';

const files = runbookFiles(undefined);
const load = (id: string): Runbook => loadRunbookFile(files.find((f) => f.id === id)!, { cwd: ROOT });

/** Every id a step can lead to, whatever the answer or the outcome. */
function successors(rb: Runbook, id: string): string[] {
  const step = flatten(rb).find((f) => f.step.id === id)!.step;
  const out = [nextAfter(rb, step)];
  if (step.kind === 'ask') out.push(...step.choices.map((c) => nextAfter(rb, step, c.value)));
  if (step.kind === 'run') {
    out.push(...[0, 1, 2, 3].map((code) => nextAfterCommand(rb, step, code, code === 0) ?? nextAfter(rb, step)));
    // A failed command goes where the person chooses: the runbook's failure branch, or on.
    out.push(...[1, 2, 3].map((code) => failureBranch(rb, step, code)).filter((x): x is string => x !== undefined));
  }
  return out.filter((s) => s !== END);
}

describe('the built-in runbooks', () => {
  it('are found in the runbooks/ folder of the package', () => {
    expect(BUILTIN_DIR).toBe(path.join(ROOT, 'runbooks'));
    expect(files.map((f) => f.id)).toEqual(readdirSync(BUILTIN_DIR).filter((n) => n.endsWith('.yaml')).map((n) => n.replace(/\.yaml$/, '')).sort());
  });

  it('include every runbook the product and diagnose name', () => {
    const required = ['pos-crash', 'db-corruption', 'disk-full', 'network-outage', 'power-loss', 'payment-failure',
      'restore-from-backup', 'data-loss-no-backup', 'hardware-failure', 'security-incident'];
    const signatures = path.join(ROOT, 'src', 'checks', 'signatures');
    const recommended = existsSync(signatures)
      ? readdirSync(signatures).flatMap((f) => [...readFileSync(path.join(signatures, f), 'utf8').matchAll(/^\s*runbook:\s*([a-z0-9-]+)\s*$/gm)].map((m) => m[1]!))
      : [];
    for (const id of new Set([...required, ...recommended].filter((r) => r !== 'null'))) expect(files.map((f) => f.id), id).toContain(id);
  });

  for (const f of files) {
    describe(f.id, () => {
      it('parses, with zh and en for every text', () => {
        const rb = load(f.id);
        expect(rb.id).toBe(f.id);
        const texts = JSON.stringify(rb).match(/"zh":"[^"]+","en":"[^"]+"/g) ?? [];
        expect(texts.length).toBeGreaterThan(flatten(rb).length);
      });

      it('walks the five stages in order, each with a target', () => {
        expect(load(f.id).stages.map((s) => s.stage)).toEqual([...STAGES]);
      });

      it('has every step reachable from the first', () => {
        const rb = load(f.id);
        const seen = new Set<string>();
        const todo = [flatten(rb)[0]!.step.id];
        while (todo.length > 0) {
          const id = todo.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          todo.push(...successors(rb, id));
        }
        expect(flatten(rb).map((s) => s.step.id).filter((id) => !seen.has(id))).toEqual([]);
      });

      it("names in every run step a command that exists in the registry (src/cli.ts)", () => {
        expect(unknownCommands(load(f.id), COMMANDS.map((c) => c.words))).toEqual([]);
      });
    });
  }
});
