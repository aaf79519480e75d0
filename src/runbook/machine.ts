// The step machine, pure: where an incident stands is computed from its persisted events alone,
// so `resume` after a kill -9 lands on exactly the step, visit and answers the events say.
// Every event that leaves a step carries the step it leads to (`next`); replay just follows them.
import { END, type Runbook, type Stage, type StageId, type Step } from './schema.js';

export type EventKind = 'started' | 'resumed' | 'answered' | 'skipped' | 'command-started' | 'command' | 'paused' | 'finished';

export interface IncidentEvent {
  at: string;
  operator: string;
  stage: StageId;
  step: string;
  kind: EventKind;
  /** On an event that leaves a step: the step id it leads to, or "end". */
  next: string | null;
  data: Record<string, unknown>;
}

export interface FlatStep {
  step: Step;
  stage: Stage;
  stageIndex: number;
  /** 0-based position among all the runbook's steps. */
  index: number;
}

export function flatten(rb: Runbook): FlatStep[] {
  return rb.stages.flatMap((stage, stageIndex) => stage.steps.map((step) => ({ step, stage, stageIndex }))).map((s, index) => ({ ...s, index }));
}

export function stepById(rb: Runbook, id: string): FlatStep | undefined {
  return flatten(rb).find((f) => f.step.id === id);
}

/** The step after `id` in file order, or "end" after the last one. */
export function following(rb: Runbook, id: string): string {
  const all = flatten(rb);
  const i = all.findIndex((f) => f.step.id === id);
  return all[i + 1]?.step.id ?? END;
}

const LEAVES: readonly EventKind[] = ['answered', 'skipped', 'command'];

export interface Position {
  finished: boolean;
  /** The step to show; undefined once the walk reached "end". */
  current: FlatStep | undefined;
  /** The current step was shown and not yet left (a resume shows it again without a new "started"). */
  inProgress: boolean;
  /** A command of the current step started and has no outcome: the process died while it ran. */
  interrupted: { argv: string[]; at: string } | undefined;
  /** The current step's command failed and no branch says where to go: retry or continue. */
  failed: Record<string, unknown> | undefined;
  /** How many times each step was left: the answers file's nth answer is for the nth visit. */
  visits: Map<string, number>;
}

export function replay(rb: Runbook, events: readonly IncidentEvent[]): Position {
  let currentId = flatten(rb)[0]!.step.id;
  let inProgress = false;
  let interrupted: Position['interrupted'];
  let failed: Position['failed'];
  const visits = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'finished') return { finished: true, current: undefined, inProgress: false, interrupted: undefined, failed: undefined, visits };
    if (e.kind === 'started') [inProgress, interrupted, failed] = [true, undefined, undefined];
    if (e.kind === 'command-started') [interrupted, failed] = [{ argv: e.data.argv as string[], at: e.at }, undefined];
    if (e.kind === 'command') [interrupted, failed] = [undefined, e.next === null ? e.data : undefined];
    if (LEAVES.includes(e.kind) && e.next !== null) {
      visits.set(e.step, (visits.get(e.step) ?? 0) + 1);
      currentId = e.next;
      [inProgress, interrupted, failed] = [false, undefined, undefined];
    }
  }
  const current = currentId === END ? undefined : stepById(rb, currentId);
  return { finished: false, current, inProgress, interrupted, failed, visits };
}

/** Where an answer, a choice or a skip leads. */
export function nextAfter(rb: Runbook, step: Step, choice?: string): string {
  const chosen = step.kind === 'ask' && choice !== undefined ? step.choices.find((c) => c.value === choice)?.next : undefined;
  return chosen ?? step.next ?? following(rb, step.id);
}

/**
 * Where a command's outcome leads. A command that did its work goes on by itself (diagnose's
 * exit 2 is a verdict, not a failure), as does an exit code the runbook names; a failure is null:
 * the person decides between running it again, the runbook's failure branch, and skipping it.
 */
export function nextAfterCommand(rb: Runbook, step: Step, exitCode: number, completed = exitCode === 0): string | null {
  const on = step.kind === 'run' ? step.on ?? {} : {};
  if (exitCode !== 0 && on[String(exitCode)]) return on[String(exitCode)]!;
  if (!completed) return null;
  return (exitCode === 0 ? on['0'] ?? on.ok : on.failed) ?? nextAfter(rb, step);
}

/** Where the runbook sends a failed command, if it says. */
export function failureBranch(rb: Runbook, step: Step, exitCode: number): string | undefined {
  if (step.kind !== 'run') return undefined;
  return step.on?.[String(exitCode)] ?? step.on?.failed;
}

/** Every step (or "end") a step can lead to, whatever the answer or the command's outcome. */
function targets(rb: Runbook, step: Step): Set<string> {
  const out = new Set([nextAfter(rb, step)]);
  if (step.kind === 'ask') for (const c of step.choices) out.add(nextAfter(rb, step, c.value));
  if (step.kind === 'run') {
    const on = step.on ?? {};
    const fallback = nextAfter(rb, step);
    out.clear();
    out.add(on['0'] ?? on.ok ?? fallback);
    // A failure no branch names is left to the person, who then carries on to the default.
    out.add(on.failed ?? fallback);
    for (const [k, v] of Object.entries(on)) if (/^[1-9]\d*$/.test(k)) out.add(v);
  }
  return out;
}

/** Where the step leads, for "what comes next"; undefined when the answer or outcome decides. */
export function upNext(rb: Runbook, step: Step): FlatStep | 'end' | undefined {
  const all = targets(rb, step);
  if (all.size !== 1) return undefined;
  const id = [...all][0]!;
  return id === END ? 'end' : stepById(rb, id);
}
