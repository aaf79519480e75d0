// What a person sees at each step of a walk: the stage and its clock against the target, the
// step and its instructions, what comes next; a command's outcome; the end. Lines only: the
// session decides where they go (stdout, or stderr under --json).
import type { Context } from '../core/context.js';
import { formatDuration, formatTarget } from '../runbook/duration.js';
import type { CommandOutcome } from '../runbook/command.js';
import { renderSummaryLine } from '../runbook/summarize.js';
import type { Answer, Notice, StepView } from '../runbook/walk.js';
import { paint } from './output.js';

type Ctx = Pick<Context, 't' | 'lang' | 'color'>;

export function stepLines(ctx: Ctx, v: StepView, resumed: boolean): string[] {
  const { t, lang } = ctx;
  const c = paint(ctx);
  const step = v.current.step;
  const stage = v.current.stage;
  const clock = t('walk.stageClock', { elapsed: formatDuration(v.stage.elapsed_ms, lang), target: formatTarget(stage.target, lang) });
  const out: string[] = [''];
  if (resumed) out.push(c.yellow(t('walk.resumed', { id: v.incident.id, runbook: v.incident.runbook.id })));
  out.push(c.cyan.bold(`━━ ${t('walk.stage', { index: v.current.stageIndex + 1, count: v.incident.runbook.stages.length, name: t(`stage.${stage.stage}`) })} · ${v.stage.over_target ? c.red(clock) : clock} · ${t('walk.incidentClock', { id: v.incident.id, elapsed: formatDuration(v.elapsed_ms, lang) })}`));
  if (stage.goal && stage.steps[0]?.id === step.id) out.push(c.dim(stage.goal[lang]));
  const visit = v.visit > 1 ? ` ${t('walk.visit', { visit: v.visit })}` : '';
  out.push(c.bold(`${t('walk.step', { index: v.current.index + 1, total: v.total })} · ${step.title[lang]}${visit}`) + c.dim(` (${step.id})`));
  if (step.text) out.push(...step.text[lang].trimEnd().split('\n').map((l) => `  ${l}`));
  if (step.kind === 'say') for (const item of step.checklist ?? []) out.push(`  ☐ ${item[lang]}`);
  if (step.kind === 'run') out.push(`  ${t('walk.willRun', { command: `store-ops ${step.command.join(' ')}` })}`);
  if (v.interrupted) {
    out.push(c.yellow(`  ${t('walk.interrupted', { command: `store-ops ${v.interrupted.argv.join(' ')}`, at: v.interrupted.at.slice(11, 16) })}`));
  }
  if (v.failed) out.push(c.red(`  ${t('walk.failedBefore', { code: Number(v.failed.exit_code) })}`));
  const next = v.next === undefined ? t(step.kind === 'run' ? 'walk.nextDependsResult' : 'walk.nextDepends') : v.next === 'end' ? t('walk.nextEnd') : v.next.step.title[lang];
  out.push(c.dim(`  ${t('walk.next', { next })}`));
  return out;
}

export function outcomeLines(ctx: Ctx, o: CommandOutcome, current: string): string[] {
  const { t } = ctx;
  const c = paint(ctx);
  const head = t(o.completed ? 'walk.commandOk' : 'walk.commandFailed', { code: o.exit_code, seconds: (o.duration_ms / 1000).toFixed(1) });
  const out = [`  ${o.completed ? c.green(head) : c.red(head)}`, ...o.summary.map((l) => `    ${renderSummaryLine(t, l)}`)];
  for (const id of o.recommends.filter((r) => r !== current)) out.push(c.yellow(`    ${t('walk.recommends', { runbook: id })}`));
  return out;
}

export function answerLine(ctx: Ctx, v: StepView, a: Answer): string {
  const { t, lang } = ctx;
  const step = v.current.step;
  switch (a.kind) {
    case 'skip':
      return `  → ${t('walk.answerSkip', { reason: a.reason })}`;
    case 'choice':
      return `  → ${step.kind === 'ask' ? step.choices.find((ch) => ch.value === a.value)?.label[lang] ?? a.value : a.value}`;
    case 'value':
      return `  → ${a.value}`;
    case 'run':
      return `  → ${t('walk.answerRun')}`;
    case 'done':
      return `  → ${t('walk.answerDone')}`;
  }
}

/** Lines for a notice; in answers mode the answer is echoed, on a terminal the prompt already shows it. */
export function noticeLines(ctx: Ctx, n: Notice, echoAnswers: boolean): string[] {
  switch (n.type) {
    case 'step':
      return stepLines(ctx, n.view, n.resumed);
    case 'answered':
      return echoAnswers ? [answerLine(ctx, n.view, n.answer)] : [];
    case 'running':
      return [paint(ctx).dim(`  ${ctx.t('walk.running', { command: `store-ops ${n.argv.join(' ')}` })}`)];
    case 'outcome':
      return outcomeLines(ctx, n.outcome, n.view.incident.runbook.id);
    case 'finished':
      return ['', paint(ctx).green.bold(ctx.t('walk.finished', { id: n.incident.id, elapsed: formatDuration(n.elapsed_ms, ctx.lang) }))];
  }
}
