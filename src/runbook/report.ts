// The incident report in Markdown: what happened when and by whom, how long each stage took
// against its target, what was answered, which commands ran and how they ended, what was skipped
// and why, and the root cause and follow-up actions: the continuous-improvement part of the
// procedure. Times are in the store's time zone.
import type { Lang, MessageKey, MessageParams, Translator } from '../core/i18n.js';
import { formatDuration, formatSeconds, formatTarget } from './duration.js';
import type { Incident } from './incidents.js';
import { stepById, type IncidentEvent } from './machine.js';
import type { IncidentState } from './state.js';
import { renderSummaryLine, type SummaryLine } from './summarize.js';

export interface ReportInput {
  incident: Incident;
  events: readonly IncidentEvent[];
  state: IncidentState;
  store: { id: string; name: string; timezone: string };
  t: Translator;
  lang: Lang;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function localTime(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

export function summaryText(t: Translator, lines: readonly SummaryLine[], timezone?: string): string {
  return lines.map((l) => renderSummaryLine(t, l, timezone, false)).join(t('report.summaryJoin'));
}

/** A command a step started, and its outcome; none when the process died while it ran. */
interface CommandRun {
  started: IncidentEvent | undefined;
  outcome: IncidentEvent | undefined;
}

/** Pairs every command-started event with the command event that ended it, in the step it ran in. */
export function commandRuns(events: readonly IncidentEvent[]): CommandRun[] {
  const runs: CommandRun[] = [];
  const open = new Map<string, CommandRun>();
  for (const e of events) {
    if (e.kind === 'command-started') {
      const run = { started: e, outcome: undefined };
      runs.push(run);
      open.set(e.step, run);
    } else if (e.kind === 'command') {
      const run = open.get(e.step);
      if (run) run.outcome = e;
      else runs.push({ started: undefined, outcome: e });
      open.delete(e.step);
    }
  }
  return runs;
}

/** What was answered at an ask or input step: the choice's label, or the value written down. */
function answerText(r: ReportInput, e: IncidentEvent): string {
  const step = stepById(r.incident.runbook, e.step)?.step;
  const answer = String(e.data.answer);
  return step?.kind === 'ask' ? step.choices.find((c) => c.value === answer)?.label[r.lang] ?? answer : answer;
}

function eventText(r: ReportInput, e: IncidentEvent): string {
  const { t } = r;
  const step = stepById(r.incident.runbook, e.step)?.step;
  switch (e.kind) {
    case 'answered': {
      const answer = String(e.data.answer);
      if (answer === 'continue-after-failure') return t('report.ev.continued');
      if (step?.kind === 'ask') return t('report.ev.chose', { choice: answerText(r, e) });
      return step?.kind === 'input' ? t('report.ev.entered', { value: answer }) : t('report.ev.done');
    }
    case 'skipped':
      return t('report.ev.skipped', { reason: String(e.data.reason) });
    case 'command-started':
      return t('report.ev.commandStarted', { command: `store-ops ${(e.data.argv as string[]).join(' ')}` });
    case 'command':
      return t('report.ev.command', { code: Number(e.data.exit_code), summary: summaryText(t, e.data.summary as SummaryLine[], r.store.timezone) });
    case 'paused': {
      const key = e.data.key as MessageKey | undefined;
      // The plain pause already says "paused"; only a pause for a reason needs the reason after the label.
      if (key === 'runbook.paused') return t('report.ev.pausedHere');
      return t('report.ev.paused', { problem: key ? t(key, e.data.params as MessageParams) : String(e.data.problem ?? '') });
    }
    default:
      return t(`report.ev.${e.kind}`);
  }
}

/** One row of the commands table; a run cut off by a killed process has no exit code, time or result. */
function commandRow(r: ReportInput, run: CommandRun, time: (iso: string) => string): string {
  const { t, lang } = r;
  const first = (run.started ?? run.outcome)!;
  const command = `\`store-ops ${cell((first.data.argv as string[]).join(' '))}\``;
  const o = run.outcome;
  if (!o) return `| ${time(first.at)} | ${command} | - | - | ${t('report.cutOff')} |`;
  return `| ${time(first.at)} | ${command} | ${Number(o.data.exit_code)} | ${formatSeconds(Number(o.data.duration_ms), lang)} | ${cell(summaryText(t, o.data.summary as SummaryLine[], r.store.timezone))} |`;
}

function section(title: string, body: string[]): string[] {
  return ['', `## ${title}`, '', ...body];
}

export function renderReport(r: ReportInput): string {
  const { t, lang, state, incident, events } = r;
  const rb = incident.runbook;
  const time = (iso: string | null) => (iso ? localTime(iso, r.store.timezone) : '-');
  const title = (id: string) => stepById(rb, id)?.step.title[lang] ?? id;
  const out = [
    `# ${t('report.title', { id: incident.id, title: rb.title[lang] })}`,
    '',
    `- ${t('report.store', { id: r.store.id, name: r.store.name, timezone: r.store.timezone })}`,
    `- ${t('report.runbook', { id: rb.id })}`,
    `- ${t('report.opened', { at: time(incident.opened_at), by: incident.opened_by })}`,
    `- ${state.status === 'closed'
      ? t('report.closed', { at: time(incident.closed_at), took: formatDuration(state.elapsed_seconds * 1000, lang) })
      : t('report.stillOpen', { step: state.step?.title ?? '-', took: formatDuration(state.elapsed_seconds * 1000, lang) })}`,
    `- ${t('report.operators', { names: state.operators.join(', ') })}`,
  ];
  out.push(...section(t('report.stages'), [
    `| ${t('report.col.stage')} | ${t('report.col.started')} | ${t('report.col.ended')} | ${t('report.col.took')} | ${t('report.col.target')} | |`,
    '|---|---|---|---|---|---|',
    ...state.stages.map((s) => `| ${s.index}. ${t(`stage.${s.stage}`)} | ${time(s.started_at)} | ${time(s.ended_at)} | ${s.started_at ? formatDuration(s.elapsed_ms, lang) : '-'} | ${formatTarget(s.target, lang)} | ${
      !s.started_at ? t('report.notReached') : s.over_target ? t('report.over') : s.ended_at ? t('report.within') : t('report.inProgress')} |`),
  ]));
  out.push(...section(t('report.timeline'), [
    `| ${t('report.col.time')} | ${t('report.col.operator')} | ${t('report.col.stage')} | ${t('report.col.step')} | ${t('report.col.event')} |`,
    '|---|---|---|---|---|',
    ...events.map((e) => `| ${time(e.at)} | ${cell(e.operator)} | ${t(`stage.${e.stage}`)} | ${cell(title(e.step))} | ${cell(eventText(r, e))} |`),
  ]));
  const answers = events.filter((e) => e.kind === 'answered' && ['ask', 'input'].includes(stepById(rb, e.step)?.step.kind ?? '') && e.data.answer !== 'continue-after-failure');
  out.push(...section(t('report.answers'), answers.length ? answers.map((e) => `- ${t('report.item', { title: cell(title(e.step)), value: cell(answerText(r, e)) })}`) : [t('report.none')]));
  const runs = commandRuns(events);
  out.push(...section(t('report.commands'), runs.length ? [
    `| ${t('report.col.time')} | ${t('report.col.command')} | ${t('report.col.exit')} | ${t('report.col.took')} | ${t('report.col.result')} |`,
    '|---|---|---|---|---|',
    ...runs.map((run) => commandRow(r, run, time)),
  ] : [t('report.none')]));
  const commands = events.filter((e) => e.kind === 'command');
  const recommended = [...new Set(commands.flatMap((e) => (e.data.recommends as string[] | undefined) ?? []))].filter((id) => id !== rb.id);
  if (recommended.length) out.push('', t('report.recommended', { runbooks: recommended.join(', ') }));
  const skipped = events.filter((e) => e.kind === 'skipped');
  out.push(...section(t('report.skipped'), skipped.length ? skipped.map((e) => `- ${t('report.item', { title: cell(title(e.step)), value: cell(String(e.data.reason)) })}`) : [t('report.none')]));
  for (const part of ['impact', 'root_cause', 'follow_up'] as const) {
    const values = answers.filter((e) => { const s = stepById(rb, e.step)?.step; return s?.kind === 'input' && s.report === part; });
    out.push(...section(t(`report.part.${part}`), values.length ? values.map((e) => `- ${cell(String(e.data.answer))}`) : [t('report.notRecorded')]));
  }
  return `${out.join('\n')}\n`;
}
