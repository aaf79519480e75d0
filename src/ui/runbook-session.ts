// A walk on this terminal (or driven by an answers file): the UI side of runbook start and resume.
// Step screens go to stdout as they happen (to stderr under --json, so stdout keeps only the
// final document). One process walks an incident at a time; Ctrl+C at a prompt pauses it.
import { acquireLock, isLockHeld } from '../backup/lock.js';
import type { StoreConfig } from '../core/config/load.js';
import type { Context } from '../core/context.js';
import { failure } from '../core/errors.js';
import { runStoreOps } from '../runbook/command.js';
import type { Incident, IncidentStore } from '../runbook/incidents.js';
import { walk, type Prompter, type StepView, type WalkResult } from '../runbook/walk.js';
import { chooseOne, isPromptInterrupt, typeLine, type PromptOutput } from './prompts.js';
import { noticeLines } from './runbook-view.js';

function terminalPrompter(ctx: Context, o: PromptOutput): Prompter {
  const { t, lang } = ctx;
  const skip = { value: 'skip', name: t('walk.choiceSkip') };
  const reason = () => typeLine(t('walk.skipReason'), { ...o, required: t('walk.reasonRequired') });
  return {
    answer: (v) => pausable(v, async () => {
      const step = v.current.step;
      if (step.kind === 'input') {
        const value = (await typeLine(`${step.title[lang]} ${t('walk.inputHint')}`, o)).trim();
        return value ? { kind: 'value', value } : { kind: 'skip', reason: await reason() };
      }
      const choices = step.kind === 'ask'
        ? step.choices.map((c) => ({ value: `choice:${c.value}`, name: c.label[lang] }))
        : step.kind === 'run'
          ? [{ value: 'run', name: t(v.interrupted || v.visit > 1 ? 'walk.choiceRunAgain' : 'walk.choiceRun') }]
          : [{ value: 'done', name: t(step.checklist ? 'walk.choiceAllDone' : 'walk.choiceDone') }];
      const message = step.kind === 'ask' ? step.title[lang] : t(step.kind === 'run' ? 'walk.runNow' : 'walk.whatNow');
      const picked = await chooseOne(message, [...choices, skip], o);
      if (picked === 'skip') return { kind: 'skip', reason: await reason() };
      if (picked.startsWith('choice:')) return { kind: 'choice', value: picked.slice('choice:'.length) };
      return picked === 'run' ? { kind: 'run' } : { kind: 'done' };
    }),
    afterFailure: (v, outcome) => pausable(v, () =>
      chooseOne(t('walk.afterFailure', { code: outcome.exit_code }), [
        { value: 'retry' as const, name: t('walk.choiceRetry') },
        { value: 'continue' as const, name: t('walk.choiceContinue') },
      ], o)),
  };
}

/** Ctrl+C at a prompt pauses the walk: the incident stays open at this step, ready to resume. */
async function pausable<T>(v: StepView, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (isPromptInterrupt(err)) throw failure('runbook.paused', { id: v.incident.id }, { key: 'hint.runbookResume', params: { id: v.incident.id } });
    throw err;
  }
}

export interface SessionOptions {
  store: IncidentStore;
  config: StoreConfig;
  /** Drives the walk instead of a person; answers are echoed so the output reads as a transcript. */
  prompter: Prompter | undefined;
  resuming: boolean;
}

export async function walkSession(ctx: Context, incident: Incident, s: SessionOptions): Promise<WalkResult> {
  const stream = ctx.json ? process.stderr : process.stdout;
  const lock = lockIncident(s.config.state_dir, incident.id);
  try {
    return await walk(incident, {
      prompter: s.prompter ?? terminalPrompter(ctx, ctx.json ? { output: process.stderr } : {}),
      notify: (n) => {
        const lines = noticeLines(ctx, n, s.prompter !== undefined);
        if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
      },
      execute: (argv) => runStoreOps(argv, { configFile: s.config.configFile, lang: ctx.lang, operator: ctx.operator, env: ctx.io.env, cwd: ctx.io.cwd }),
      events: () => s.store.events(incident.id),
      append: (e) => s.store.append(incident, e),
      operator: ctx.operator,
      now: () => new Date(),
    }, s.resuming);
  } finally {
    lock.release();
  }
}

function lockIncident(stateDir: string, id: number): { release: () => void } {
  try {
    return acquireLock(stateDir, `incident-${id}`, 'runbook');
  } catch (err) {
    if (isLockHeld(err)) throw failure('runbook.locked', { ...err.params, id }, { key: 'hint.runbookLocked' });
    throw err;
  }
}
