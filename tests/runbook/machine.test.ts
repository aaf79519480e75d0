// The step machine, without a process or a database: where a walk stands follows from its
// events alone, and each kind of answer or outcome leads where the runbook says.
import { describe, expect, it } from 'vitest';
import { nextAfter, nextAfterCommand, replay, upNext, type IncidentEvent } from '../../src/runbook/machine.js';
import { parseRunbookText } from '../../src/runbook/load.js';
import { stageTimes } from '../../src/runbook/timing.js';

const rb = parseRunbookText(`id: t
title: { zh: 测, en: T }
summary: { zh: 测, en: T }
causes: [software]
stages:
  - stage: diagnosis
    target: 1h
    steps:
      - { id: a, kind: say, title: { zh: 甲, en: A } }
      - id: b
        kind: ask
        title: { zh: 乙, en: B }
        choices:
          - { value: left, label: { zh: 左, en: Left }, next: d }
          - { value: right, label: { zh: 右, en: Right } }
  - stage: emergency
    target: 2h
    steps:
      - { id: c, kind: run, title: { zh: 丙, en: C }, command: [backup, list], on: { "3": a } }
      - { id: d, kind: input, title: { zh: 丁, en: D } }
`, 't.yaml', { cwd: '/' });

const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 6, min)).toISOString();
const ev = (min: number, step: string, kind: IncidentEvent['kind'], next: string | null = null, data: Record<string, unknown> = {}): IncidentEvent => ({
  at: at(min), operator: 'op', stage: ['a', 'b'].includes(step) ? 'diagnosis' : 'emergency', step, kind, next, data,
});

describe('the step machine', () => {
  it('starts at the first step', () => {
    expect(replay(rb, []).current?.step.id).toBe('a');
  });

  it('follows the next of each event that left a step, and knows a shown step is in progress', () => {
    const pos = replay(rb, [ev(0, 'a', 'started'), ev(1, 'a', 'answered', 'b'), ev(2, 'b', 'started')]);
    expect(pos.current?.step.id).toBe('b');
    expect(pos.inProgress).toBe(true);
    expect(pos.visits.get('a')).toBe(1);
  });

  it('after a kill during a command, lands on the same step with the command marked interrupted', () => {
    const pos = replay(rb, [ev(0, 'a', 'answered', 'c'), ev(0, 'c', 'started'), ev(1, 'c', 'command-started', null, { argv: ['backup', 'list'] })]);
    expect(pos.current?.step.id).toBe('c');
    expect(pos.interrupted).toEqual({ argv: ['backup', 'list'], at: at(1) });
  });

  it('a failed command with no branch waits for the person; a branch by exit code wins over ok/failed', () => {
    const c = rb.stages[1]!.steps[0]!;
    expect(nextAfterCommand(rb, c, 0)).toBe('d');
    expect(nextAfterCommand(rb, c, 1)).toBeNull();
    expect(nextAfterCommand(rb, c, 3)).toBe('a');
    const pos = replay(rb, [ev(0, 'a', 'answered', 'c'), ev(0, 'c', 'started'), ev(1, 'c', 'command', null, { exit_code: 1 })]);
    expect(pos.current?.step.id).toBe('c');
    expect(pos.failed).toEqual({ exit_code: 1 });
  });

  it('a choice goes to its branch, or to the next step in the file; "next" after the last step is the end', () => {
    const b = rb.stages[0]!.steps[1]!;
    expect(nextAfter(rb, b, 'left')).toBe('d');
    expect(nextAfter(rb, b, 'right')).toBe('c');
    expect(nextAfter(rb, rb.stages[1]!.steps[1]!)).toBe('end');
    expect(upNext(rb, b)).toBeUndefined();
    expect(upNext(rb, rb.stages[1]!.steps[1]!)).toBe('end');
  });

  it('a finished walk has no current step', () => {
    expect(replay(rb, [ev(0, 'd', 'answered', 'end'), ev(1, 'd', 'finished')])).toMatchObject({ finished: true, current: undefined });
  });

  it('stage time counts the time between events, and going back to a stage adds to it', () => {
    const events = [ev(0, 'a', 'started'), ev(30, 'a', 'answered', 'c'), ev(30, 'c', 'started'), ev(50, 'c', 'command', 'a', { exit_code: 3 }), ev(50, 'a', 'started'), ev(110, 'a', 'answered', 'b')];
    const times = stageTimes(rb, events, new Date(at(110)), 'diagnosis');
    expect(times.map((s) => [s.stage, s.elapsed_ms / 60_000, s.over_target])).toEqual([['diagnosis', 90, true], ['emergency', 20, false]]);
    expect(times[0]!.ended_at).toBeNull();
    expect(times[1]!.ended_at).toBe(at(50));
  });
});
