// Walks an incident through its runbook. The walk asks nothing and prints nothing itself: answers
// come from a Prompter (a person on a terminal, or an answers file), what to show goes to
// `notify`, commands run through `execute`. Each event is persisted before the next step is
// shown, so a kill at any moment loses at most the answer being typed.
import { StoreOpsError, usageError } from '../core/errors.js';
import type { CommandOutcome } from './command.js';
import type { Incident } from './incidents.js';
import { END } from './schema.js';
import { failureBranch, flatten, nextAfter, nextAfterCommand, replay, stepById, upNext, type FlatStep, type IncidentEvent, type Position } from './machine.js';
import { failedOutcome, slipsToCheck, type SlipToCheck } from './slips.js';
import { stageTimes, type StageTime } from './timing.js';
import { checkValue, knownValues, resolveCommand, showCommand, type Known, type ValueCheck } from './values.js';

export type Answer =
  | { kind: 'done' }
  | { kind: 'choice'; value: string }
  | { kind: 'value'; value: string }
  | { kind: 'run' }
  | { kind: 'skip'; reason: string }
  /** Go through the paper slips; `confirm` is an answers file's decision made beforehand. */
  | { kind: 'slips'; confirm?: 'all' | 'none' | string[] };

/** What a person decides after a command failed: run it again, take the runbook's branch for a failure, or skip it with a reason. */
export type AfterFailure = { kind: 'retry' } | { kind: 'branch' } | { kind: 'skip'; reason: string } | { kind: 'continue' };

export interface StepView {
  incident: Incident;
  current: FlatStep;
  total: number;
  /** 1-based visit of this step (a loop back makes a second visit). */
  visit: number;
  stage: StageTime;
  elapsed_ms: number;
  /** The step a plain "done" leads to; undefined when the answer decides. */
  next: FlatStep | 'end' | undefined;
  interrupted: Position['interrupted'];
  failed: Position['failed'];
  /** The store's zone, for times shown to people. */
  timeZone: string;
  /** A run step's command as it will run, with the values known so far. */
  command: string | undefined;
  /** For an input step that expects a file or a time: whether a typed value will do. */
  check: (value: string) => ValueCheck;
}

export interface Prompter {
  answer(view: StepView): Promise<Answer>;
  /** A command failed (did not do its work); `branch` is where the runbook sends a failure, if it says. */
  afterFailure(view: StepView, outcome: CommandOutcome, branch: FlatStep | 'end' | undefined): Promise<AfterFailure>;
  /** One paper slip held against the paper: enter it (true) or leave it out (false). */
  slip(view: StepView, slip: SlipToCheck, index: number, count: number): Promise<boolean>;
}

export type Notice =
  | { type: 'step'; view: StepView; resumed: boolean }
  | { type: 'answered'; view: StepView; answer: Answer }
  | { type: 'running'; argv: string[] }
  | { type: 'slips'; view: StepView; waiting: SlipToCheck[]; blocked: SlipToCheck[] }
  | { type: 'outcome'; outcome: CommandOutcome; view: StepView }
  | { type: 'finished'; incident: Incident; elapsed_ms: number };

export interface WalkDeps {
  prompter: Prompter;
  notify: (n: Notice) => void;
  /** Runs a store-ops command; its outcome's `document` is the whole JSON, never persisted. */
  execute: (argv: readonly string[]) => Promise<CommandOutcome & { document?: unknown }>;
  /** Where a typed file name is relative to, and the store's clock for typed times. */
  place: { cwd: string; timeZone: string };
  events: () => IncidentEvent[];
  append: (e: IncidentEvent) => void;
  operator: string;
  now: () => Date;
}

export interface WalkResult {
  finished: boolean;
  elapsed_ms: number;
}

export function viewOf(incident: Incident, events: readonly IncidentEvent[], pos: Position, now: Date, place?: WalkDeps['place']): StepView | undefined {
  const current = pos.current;
  if (!current) return undefined;
  const rb = incident.runbook;
  const step = current.step;
  const known = knownValues(rb, events);
  return {
    incident,
    current,
    total: flatten(rb).length,
    visit: (pos.visits.get(current.step.id) ?? 0) + 1,
    stage: stageTimes(rb, events, now, current.stage.stage)[current.stageIndex]!,
    elapsed_ms: now.getTime() - Date.parse(incident.opened_at),
    next: upNext(rb, current.step),
    interrupted: pos.interrupted,
    failed: pos.failed,
    timeZone: place?.timeZone ?? 'UTC',
    command: step.kind === 'run' ? showCommand(step.command, known) : undefined,
    check: (value) => checkValue(step.kind === 'input' ? step.expect : undefined, value, { cwd: place?.cwd ?? process.cwd(), timeZone: place?.timeZone ?? 'UTC', now }),
  };
}

export async function walk(incident: Incident, deps: WalkDeps, resuming: boolean): Promise<WalkResult> {
  const rb = incident.runbook;
  const elapsed = () => deps.now().getTime() - Date.parse(incident.opened_at);
  /** One event of a step, persisted before anything else is shown. */
  const record = (cur: FlatStep, kind: IncidentEvent['kind'], next: string | null, data: Record<string, unknown> = {}) =>
    deps.append({ at: deps.now().toISOString(), operator: deps.operator, stage: cur.stage.stage, step: cur.step.id, kind, next, data });
  let announceResume = resuming;
  for (;;) {
    const pos = replay(rb, deps.events());
    if (pos.finished) return { finished: true, elapsed_ms: elapsed() };
    if (!pos.current) {
      const last = flatten(rb).at(-1)!;
      record(last, 'finished', null);
      deps.notify({ type: 'finished', incident, elapsed_ms: elapsed() });
      return { finished: true, elapsed_ms: elapsed() };
    }
    const cur = pos.current;
    if (announceResume) record(cur, 'resumed', null);
    if (!pos.inProgress) record(cur, 'started', null);
    const view = viewOf(incident, deps.events(), replay(rb, deps.events()), deps.now(), deps.place)!;
    deps.notify({ type: 'step', view, resumed: announceResume });
    announceResume = false;
    try {
      if (pos.failed) {
        await decideAfterFailure(view, pos.failed as unknown as CommandOutcome);
        continue;
      }
      const answer = await deps.prompter.answer(view);
      deps.notify({ type: 'answered', view, answer });
      if (answer.kind === 'skip') record(cur, 'skipped', nextAfter(rb, cur.step), { reason: answer.reason });
      else if (answer.kind === 'run' && cur.step.kind === 'run') await runStep(view);
      else if (answer.kind === 'slips' && cur.step.kind === 'slips') await slipsStep(view, answer.confirm);
      else {
        const value = answer.kind === 'choice' ? answer.value : answer.kind === 'value' ? checkedValue(view, answer.value) : 'done';
        record(cur, 'answered', nextAfter(rb, cur.step, answer.kind === 'choice' ? answer.value : undefined), { answer: value });
      }
    } catch (err) {
      const said = err instanceof StoreOpsError ? { key: err.key, params: err.params } : {};
      record(cur, 'paused', null, { problem: err instanceof Error ? err.message : String(err), ...said });
      throw err;
    }
  }

  /** A typed value as the command will get it; a prompter checks it as it is typed, so a bad one here came from a file. */
  function checkedValue(view: StepView, value: string): string {
    const c = view.check(value);
    if (c.ok) return c.value;
    const step = view.current.step;
    throw usageError(`walk.value.${c.problem}`, { step: step.id, value: c.value }, { key: 'hint.runbookValue', params: { step: step.id } });
  }

  async function runStep(view: StepView): Promise<void> {
    const step = view.current.step;
    if (step.kind !== 'run') return;
    const known: Known = knownValues(rb, deps.events());
    const resolved = resolveCommand(step.command, known);
    if (!resolved.argv) {
      const outcome = failedOutcome(step.command.filter((w): w is string => typeof w === 'string'), { key: 'summary.missingValues', params: { refs: resolved.missing.map((r) => `{${r}}`).join(', ') } });
      record(view.current, 'command', null, { ...outcome, not_run: true });
      deps.notify({ type: 'outcome', outcome, view });
      return decideAfterFailure(view, outcome);
    }
    return runCommand(view, resolved.argv);
  }

  async function runCommand(view: StepView, argv: string[], extra: Record<string, unknown> = {}): Promise<void> {
    const cur = view.current;
    record(cur, 'command-started', null, { argv });
    deps.notify({ type: 'running', argv });
    const { document: _whole, ...outcome } = await deps.execute(argv);
    const next = nextAfterCommand(rb, cur.step, outcome.exit_code, outcome.completed);
    record(cur, 'command', next, { ...outcome, ...extra });
    deps.notify({ type: 'outcome', outcome, view });
    if (next === null) await decideAfterFailure(view, outcome);
  }

  /**
   * The slips step: look at what waits (reconcile sales), hold each slip against the paper, then
   * enter the confirmed ones together with any receipt still missing from the journals.
   */
  async function slipsStep(view: StepView, decided: 'all' | 'none' | string[] | undefined): Promise<void> {
    const look = await deps.execute(['reconcile', 'sales']);
    if (!look.completed) {
      const { document: _whole, ...outcome } = look;
      record(view.current, 'command', null, { ...outcome });
      deps.notify({ type: 'outcome', outcome, view });
      return decideAfterFailure(view, outcome);
    }
    const { waiting, blocked, missing } = slipsToCheck(look.document);
    deps.notify({ type: 'slips', view, waiting, blocked });
    const entered: string[] = [];
    const left: string[] = [];
    for (const [i, slip] of waiting.entries()) {
      const yes = decided === undefined ? await deps.prompter.slip(view, slip, i, waiting.length)
        : decided === 'all' || (Array.isArray(decided) && decided.includes(slip.id));
      (yes ? entered : left).push(slip.id);
    }
    const extra = { slips: { entered, left_out: left, blocked: blocked.map((b) => b.id) } };
    if (entered.length === 0 && missing === 0) {
      record(view.current, 'answered', nextAfter(rb, view.current.step), { answer: 'nothing-to-enter', ...extra });
      return;
    }
    return runCommand(view, ['reconcile', 'sales', '--apply', ...(entered.length > 0 ? ['--confirm', ...entered] : [])], extra);
  }

  async function decideAfterFailure(view: StepView, outcome: CommandOutcome): Promise<void> {
    const cur = view.current;
    const branchId = failureBranch(rb, cur.step, outcome.exit_code);
    const branch = branchId === undefined ? undefined : branchId === END ? 'end' : stepById(rb, branchId);
    const choice = await deps.prompter.afterFailure(view, outcome, branch);
    const leave = (kind: IncidentEvent['kind'], next: string, data: Record<string, unknown>) => record(cur, kind, next, { ...data, exit_code: outcome.exit_code });
    if (choice.kind === 'retry' && cur.step.kind === 'run') return runStep(view);
    if (choice.kind === 'retry' && cur.step.kind === 'slips') return slipsStep(view, undefined);
    if (choice.kind === 'branch' && branchId !== undefined) return leave('answered', branchId, { answer: 'branch-after-failure' });
    if (choice.kind === 'skip') return leave('skipped', nextAfter(rb, cur.step), { reason: choice.reason });
    leave('answered', nextAfter(rb, cur.step), { answer: 'continue-after-failure' });
  }
}
