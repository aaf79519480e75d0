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
import { noticeLines, slipLines } from './runbook-view.js';

function terminalPrompter(ctx: Context, o: PromptOutput, stopped: () => boolean): Prompter {
  const { t, lang } = ctx;
  const skip = { value: 'skip', name: t('walk.choiceSkip') };
  const reason = () => typeLine(t('walk.skipReason'), { ...o, required: t('walk.reasonRequired') });
  const stream = o.output ?? process.stdout;
  return {
    answer: (v) => pausable(v, stopped, async () => {
      const step = v.current.step;
      if (step.kind === 'input') {
        const validate = (typed: string) => {
          if (typed.trim() === '' || step.expect === undefined) return true;
          const c = v.check(typed);
          return c.ok || t(`walk.value.${c.problem}`, { step: step.id, value: c.value });
        };
        const hint = t(step.expect ? `walk.inputHint.${step.expect}` : 'walk.inputHint');
        const value = (await typeLine(`${step.title[lang]} ${hint}`, { ...o, validate })).trim();
        return value ? { kind: 'value', value } : { kind: 'skip', reason: await reason() };
      }
      const choices = step.kind === 'ask'
        ? step.choices.map((c) => ({ value: `choice:${c.value}`, name: c.label[lang] }))
        : step.kind === 'run'
          ? [{ value: 'run', name: t(v.interrupted || v.visit > 1 ? 'walk.choiceRunAgain' : 'walk.choiceRun') }]
          : step.kind === 'slips'
            ? [{ value: 'slips', name: t('walk.choiceSlips') }]
            : [{ value: 'done', name: t(step.checklist ? 'walk.choiceAllDone' : 'walk.choiceDone') }];
      const message = step.kind === 'ask' ? step.title[lang] : t(step.kind === 'run' || step.kind === 'slips' ? 'walk.runNow' : 'walk.whatNow');
      const picked = await chooseOne(message, [...choices, skip], o);
      if (picked === 'skip') return { kind: 'skip', reason: await reason() };
      if (picked.startsWith('choice:')) return { kind: 'choice', value: picked.slice('choice:'.length) };
      return picked === 'run' ? { kind: 'run' } : picked === 'slips' ? { kind: 'slips' } : { kind: 'done' };
    }),
    afterFailure: (v, outcome, branch) => pausable(v, stopped, async () => {
      const to = branch === 'end' ? t('walk.nextEnd') : branch?.step.title[lang];
      const notRun = (outcome as { not_run?: boolean }).not_run === true || outcome.summary.some((l) => l.key === 'summary.missingValues');
      const picked = await chooseOne(t(notRun ? 'walk.afterNotRun' : 'walk.afterFailure', { code: outcome.exit_code }), [
        ...(notRun ? [] : [{ value: 'retry', name: t('walk.choiceRetry') }]),
        ...(to ? [{ value: 'branch', name: t('walk.choiceBranch', { step: to }) }] : []),
        { value: 'skip', name: t('walk.choiceSkipFailed') },
      ], o);
      if (picked === 'skip') return { kind: 'skip', reason: await reason() };
      return { kind: picked as 'retry' | 'branch' };
    }),
    slip: (v, slip, index, count) => pausable(v, stopped, async () => {
      stream.write(`${slipLines(ctx, slip, index, count, v.timeZone).join('\n')}\n`);
      const picked = await chooseOne(t('walk.slipQuestion'), [
        { value: 'enter', name: t('walk.slipEnter') },
        { value: 'leave', name: t('walk.slipLeave') },
      ], o);
      return picked === 'enter';
    }),
  };
}

/**
 * Ctrl+C pauses the walk: at a prompt (the prompt library rejects), or while a command ran (the
 * command stops on it too, its outcome is recorded, and the walk pauses before asking anything).
 * The incident stays open at this step, ready to resume.
 */
async function pausable<T>(v: StepView, stopped: () => boolean, ask: () => Promise<T>): Promise<T> {
  const paused = () => failure('runbook.paused', { id: v.incident.id }, { key: 'hint.runbookResume', params: { id: v.incident.id } });
  if (stopped()) throw paused();
  try {
    return await ask();
  } catch (err) {
    if (isPromptInterrupt(err)) throw paused();
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
  let ctrlC = false;
  const onCtrlC = () => {
    ctrlC = true;
  };
  try {
    return await walk(incident, {
      prompter: s.prompter ?? terminalPrompter(ctx, { lang: ctx.lang, ...(ctx.json ? { output: process.stderr } : {}) }, () => ctrlC),
      notify: (n) => {
        const lines = noticeLines(ctx, n, s.prompter !== undefined);
        if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
      },
      // The terminal sends Ctrl+C to the command too, which stops in its own safe way; this
      // process only notes it, so the outcome is recorded before the walk pauses.
      execute: async (argv) => {
        process.on('SIGINT', onCtrlC);
        try {
          const outcome = await runStoreOps(argv, { configFile: s.config.configFile, lang: ctx.lang, operator: ctx.operator, env: ctx.io.env, cwd: ctx.io.cwd });
          // Its exit code (130) says only that a signal stopped it; the screen and the report say who.
          return ctrlC && !outcome.ok ? { ...outcome, summary: [{ key: 'summary.stoppedByCtrlC', params: {} }] } : outcome;
        } finally {
          process.off('SIGINT', onCtrlC);
        }
      },
      place: { cwd: ctx.io.cwd, timeZone: s.config.store.timezone },
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
