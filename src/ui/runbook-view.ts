// What a person sees at each step of a walk: the stage and its clock against the target, the
// step and its instructions, what comes next; a command's outcome; the end. Lines only: the
// session decides where they go (stdout, or stderr under --json).
import type { Context } from '../core/context.js';
import { formatDuration, formatTarget } from '../runbook/duration.js';
import type { CommandOutcome } from '../runbook/command.js';
import { renderSummaryLine } from '../runbook/summarize.js';
import type { Answer, Notice, StepView } from '../runbook/walk.js';
import { paint } from './output.js';
import { storeClock } from './backup-entry.js';
import { withGlobals } from '../core/pasteable.js';
import type { SlipToCheck } from '../runbook/slips.js';

type Ctx = Pick<Context, 't' | 'lang' | 'color'> & Partial<Pick<Context, 'configFlag' | 'langFlag'>>;

/** A runbook's text as this store's technician must paste it: its --config and --lang, and this incident's number. */
const forThisIncident = (ctx: Ctx, text: string, id: number) =>
  withGlobals(text.replace(/\{incident\}/g, String(id)), { config: ctx.configFlag, lang: ctx.langFlag });

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
  if (step.text) out.push(...forThisIncident(ctx, step.text[lang].trimEnd(), v.incident.id).split('\n').map((l) => `  ${l}`));
  if (step.kind === 'say') for (const item of step.checklist ?? []) out.push(`  ☐ ${forThisIncident(ctx, item[lang], v.incident.id)}`);
  if (step.kind === 'run' && v.command) out.push(`  ${t('walk.willRun', { command: v.command })}`);
  if (v.interrupted) {
    out.push(c.yellow(`  ${t('walk.interrupted', { command: `store-ops ${v.interrupted.argv.join(' ')}`, at: storeClock(Date.parse(v.interrupted.at), v.timeZone) })}`));
  }
  if (v.failed) out.push(c.red(`  ${t('walk.failedBefore', { code: Number(v.failed.exit_code) })}`));
  const next = v.next === undefined ? t(step.kind === 'run' ? 'walk.nextDependsResult' : 'walk.nextDepends') : v.next === 'end' ? t('walk.nextEnd') : v.next.step.title[lang];
  out.push(c.dim(`  ${t('walk.next', { next })}`));
  return out;
}

export function outcomeLines(ctx: Ctx, o: CommandOutcome, current: string, timeZone: string): string[] {
  const { t } = ctx;
  const c = paint(ctx);
  const head = t(o.completed ? 'walk.commandOk' : 'walk.commandFailed', { code: o.exit_code, seconds: (o.duration_ms / 1000).toFixed(1) });
  // A summary's next step ("… then store-ops reconcile stock --count …") is pasted as it stands.
  const summary = o.summary.map((l) => `    ${withGlobals(renderSummaryLine(t, l, timeZone), { config: ctx.configFlag, lang: ctx.langFlag })}`);
  const out = [`  ${o.completed ? c.green(head) : c.red(head)}`, ...summary];
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
    case 'slips':
      return `  → ${t('walk.choiceSlips')}`;
  }
}

/** One paper slip as the person holds it against the paper: when, which register, every item, how it was paid. */
export function slipLines(ctx: Ctx, slip: SlipToCheck, index: number, count: number, timeZone: string): string[] {
  const { t } = ctx;
  const money = (n: number) => `¥${n.toFixed(2)}`;
  return [
    '',
    paint(ctx).bold(`  ${t('walk.slip', { index: index + 1, count, id: slip.id, register: slip.register, slip: slip.slip_no, at: storeClock(Date.parse(slip.at), timeZone), total: money(slip.total), source: slip.source })}`),
    ...slip.items.map((i) => t(i.name ? 'walk.slipItemNamed' : 'walk.slipItem', { code: i.code, name: i.name ?? '', qty: i.qty, price: money(i.unit_price) })),
    ...(slip.payments.length > 0 ? [t('walk.slipPaid', { payments: slip.payments.map((p) => `${p.method} ${money(p.amount)}`).join(', ') })] : []),
  ];
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
    case 'slips':
      return [
        ...n.blocked.map((b) => paint(ctx).yellow(`  ${ctx.t('walk.slipBlocked', {
          id: b.id, register: b.register, slip: b.slip_no, source: b.source,
          why: b.status === 'unknown_code' ? ctx.t('walk.slipBlockedCodes', { codes: b.unknown_codes.join(', ') }) : ctx.t('walk.slipBlockedInvalid'),
        })}`)),
        `  ${ctx.t(n.waiting.length > 0 ? 'walk.slipsWaiting' : 'walk.slipsNone', { count: n.waiting.length })}`,
      ];
    case 'outcome':
      return outcomeLines(ctx, n.outcome, n.view.incident.runbook.id, n.view.timeZone);
    case 'finished':
      return ['', paint(ctx).green.bold(ctx.t('walk.finished', { id: n.incident.id, elapsed: formatDuration(n.elapsed_ms, ctx.lang) }))];
  }
}
