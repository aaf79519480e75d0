// Walks an incident through its runbook. The walk asks nothing and prints nothing itself: answers
// come from a Prompter (a person on a terminal, or an answers file), what to show goes to
// `notify`, commands run through `execute`. Each event is persisted before the next step is
// shown, so a kill at any moment loses at most the answer being typed.
import { StoreOpsError } from '../core/errors.js';
import type { CommandOutcome } from './command.js';
import type { Incident } from './incidents.js';
import { flatten, nextAfter, nextAfterCommand, replay, upNext, type FlatStep, type IncidentEvent, type Position } from './machine.js';
import { stageTimes, type StageTime } from './timing.js';

export type Answer =
  | { kind: 'done' }
  | { kind: 'choice'; value: string }
  | { kind: 'value'; value: string }
  | { kind: 'run' }
  | { kind: 'skip'; reason: string };

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
}

export interface Prompter {
  answer(view: StepView): Promise<Answer>;
  /** A command failed and no branch says where to go. */
  afterFailure(view: StepView, outcome: CommandOutcome): Promise<'retry' | 'continue'>;
}

export type Notice =
  | { type: 'step'; view: StepView; resumed: boolean }
  | { type: 'answered'; view: StepView; answer: Answer }
  | { type: 'running'; argv: string[] }
  | { type: 'outcome'; outcome: CommandOutcome; view: StepView }
  | { type: 'finished'; incident: Incident; elapsed_ms: number };

export interface WalkDeps {
  prompter: Prompter;
  notify: (n: Notice) => void;
  execute: (argv: readonly string[]) => Promise<CommandOutcome>;
  events: () => IncidentEvent[];
  append: (e: IncidentEvent) => void;
  operator: string;
  now: () => Date;
}

export interface WalkResult {
  finished: boolean;
  elapsed_ms: number;
}

export function viewOf(incident: Incident, events: readonly IncidentEvent[], pos: Position, now: Date): StepView | undefined {
  const current = pos.current;
  if (!current) return undefined;
  const rb = incident.runbook;
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
  };
}

export async function walk(incident: Incident, deps: WalkDeps, resuming: boolean): Promise<WalkResult> {
  const rb = incident.runbook;
  const elapsed = () => deps.now().getTime() - Date.parse(incident.opened_at);
  let announceResume = resuming;
  for (;;) {
    const pos = replay(rb, deps.events());
    if (pos.finished) return { finished: true, elapsed_ms: elapsed() };
    const event = (cur: FlatStep, kind: IncidentEvent['kind'], next: string | null, data: Record<string, unknown> = {}) =>
      deps.append({ at: deps.now().toISOString(), operator: deps.operator, stage: cur.stage.stage, step: cur.step.id, kind, next, data });
    if (!pos.current) {
      const last = flatten(rb).at(-1)!;
      event(last, 'finished', null);
      deps.notify({ type: 'finished', incident, elapsed_ms: elapsed() });
      return { finished: true, elapsed_ms: elapsed() };
    }
    const cur = pos.current;
    if (announceResume) event(cur, 'resumed', null);
    if (!pos.inProgress) event(cur, 'started', null);
    const view = viewOf(incident, deps.events(), replay(rb, deps.events()), deps.now())!;
    deps.notify({ type: 'step', view, resumed: announceResume });
    announceResume = false;
    try {
      if (pos.failed) {
        await decideAfterFailure(view, pos.failed as unknown as CommandOutcome);
        continue;
      }
      const answer = await deps.prompter.answer(view);
      deps.notify({ type: 'answered', view, answer });
      if (answer.kind === 'skip') event(cur, 'skipped', nextAfter(rb, cur.step), { reason: answer.reason });
      else if (answer.kind === 'run' && cur.step.kind === 'run') await runCommand(view, cur.step.command);
      else {
        const value = answer.kind === 'choice' || answer.kind === 'value' ? answer.value : 'done';
        event(cur, 'answered', nextAfter(rb, cur.step, answer.kind === 'choice' ? answer.value : undefined), { answer: value });
      }
    } catch (err) {
      const said = err instanceof StoreOpsError ? { key: err.key, params: err.params } : {};
      event(cur, 'paused', null, { problem: err instanceof Error ? err.message : String(err), ...said });
      throw err;
    }
  }

  async function runCommand(view: StepView, argv: string[]): Promise<void> {
    const cur = view.current;
    const base = { at: '', operator: deps.operator, stage: cur.stage.stage, step: cur.step.id };
    deps.append({ ...base, at: deps.now().toISOString(), kind: 'command-started', next: null, data: { argv } });
    deps.notify({ type: 'running', argv });
    const outcome = await deps.execute(argv);
    const next = nextAfterCommand(rb, cur.step, outcome.exit_code);
    deps.append({ ...base, at: deps.now().toISOString(), kind: 'command', next, data: { ...outcome } });
    deps.notify({ type: 'outcome', outcome, view });
    if (next === null) await decideAfterFailure(view, outcome);
  }

  async function decideAfterFailure(view: StepView, outcome: CommandOutcome): Promise<void> {
    const cur = view.current;
    const choice = await deps.prompter.afterFailure(view, outcome);
    if (choice === 'retry' && cur.step.kind === 'run') return runCommand(view, cur.step.command);
    deps.append({
      at: deps.now().toISOString(), operator: deps.operator, stage: cur.stage.stage, step: cur.step.id,
      kind: 'answered', next: nextAfter(rb, cur.step), data: { answer: 'continue-after-failure', exit_code: outcome.exit_code },
    });
  }
}
