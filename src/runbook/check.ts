// What the schema cannot say about a runbook: stages in the order of the procedure, step ids used
// once, every branch landing on a step that exists, and `run` steps leaving the global options to the
// walker. Each problem comes back with the key path it is about, so the loader can name file, line, key.
import { END, STAGES, type Runbook, type Step, type Word } from './schema.js';
import { checkReference, referencesIn } from './values.js';

export interface Problem {
  path: PropertyKey[];
  problem: string;
}

/** Global options the walker adds to every `run` step itself; a runbook must not set them. */
const RESERVED = ['--config', '--json', '--lang', '--operator', '--no-color', '--verbose'];

/** The words of the registered command `argv` starts with (the longest match), if any. */
export function matchCommand(argv: readonly string[], known: readonly (readonly string[])[]): readonly string[] | undefined {
  let best: readonly string[] | undefined;
  for (const words of known) {
    if (words.length <= argv.length && words.every((w, i) => argv[i] === w) && (!best || words.length > best.length)) best = words;
  }
  return best;
}

function branches(step: Step): Array<{ path: PropertyKey[]; target: string }> {
  const out: Array<{ path: PropertyKey[]; target: string }> = [];
  if (step.next) out.push({ path: ['next'], target: step.next });
  if (step.kind === 'ask') step.choices.forEach((c, i) => c.next && out.push({ path: ['choices', i, 'next'], target: c.next }));
  if (step.kind === 'run') for (const [k, v] of Object.entries(step.on ?? {})) out.push({ path: ['on', k], target: v });
  return out;
}

export function checkRunbook(rb: Runbook, opts: { fileId?: string | undefined }): Problem | undefined {
  if (opts.fileId !== undefined && rb.id !== opts.fileId) {
    return { path: ['id'], problem: `"${rb.id}" differs from the file name (${opts.fileId}.yaml); they must be the same` };
  }
  let lastStage = -1;
  const seen = new Map<string, string>();
  for (const [si, stage] of rb.stages.entries()) {
    const order = STAGES.indexOf(stage.stage);
    if (order <= lastStage) {
      return { path: ['stages', si, 'stage'], problem: `"${stage.stage}" is out of order; stages go ${STAGES.join(', ')}, each at most once` };
    }
    lastStage = order;
    for (const [i, step] of stage.steps.entries()) {
      const at = `stages[${si}].steps[${i}]`;
      if (step.id === END) return { path: ['stages', si, 'steps', i, 'id'], problem: `"${END}" is reserved for the end of the runbook` };
      const before = seen.get(step.id);
      if (before) return { path: ['stages', si, 'steps', i, 'id'], problem: `"${step.id}" is already the id of ${before}` };
      seen.set(step.id, at);
    }
  }
  const steps = new Map(rb.stages.flatMap((st) => st.steps).map((s) => [s.id, s]));
  for (const [si, stage] of rb.stages.entries()) {
    for (const [i, step] of stage.steps.entries()) {
      const here = ['stages', si, 'steps', i];
      for (const b of branches(step)) {
        if (b.target !== END && !seen.has(b.target)) {
          return { path: [...here, ...b.path], problem: `no step "${b.target}" in this runbook (a branch goes to a step id, or to "${END}")` };
        }
      }
      if (step.kind === 'run') {
        const problem = checkCommand(step.command);
        if (problem) return { path: [...here, 'command'], problem };
        for (const r of referencesIn(step.command)) {
          const bad = checkReference(r.ref, steps);
          if (bad) return { path: [...here, 'command', r.index], problem: bad };
        }
      }
    }
  }
  return undefined;
}

/** The words a command always has, whatever the incident's values (the part that names the command). */
const literal = (words: readonly Word[]): string[] => {
  const i = words.findIndex((w) => typeof w !== 'string' || w.includes('{'));
  return (i < 0 ? words : words.slice(0, i)) as string[];
};

function checkCommand(words: readonly Word[]): string | undefined {
  const argv = words.flatMap((w) => (typeof w === 'string' ? [w] : [...w.then, ...(w.else ?? [])]));
  const reserved = argv.find((a) => RESERVED.includes(a.split('=')[0]!));
  if (reserved) return `${reserved} is added by the runbook itself; leave it out`;
  if (argv[0] === 'runbook') return 'a runbook cannot run another runbook command';
  return undefined;
}

/**
 * `run` steps naming a command this store-ops does not have. A warning, not an error: at 3 a.m.
 * a runbook that opens and fails at one step (recorded, skippable) beats one that will not open.
 */
export function unknownCommands(rb: Runbook, known: readonly (readonly string[])[]): Array<{ step: string; command: string }> {
  return rb.stages.flatMap((st) => st.steps)
    .flatMap((s) => (s.kind === 'run' && !matchCommand(literal(s.command), known) ? [{ step: s.id, command: `store-ops ${literal(s.command).join(' ')}` }] : []));
}
