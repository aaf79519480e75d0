// diagnose for a person: the verdict first (and, after a recovery, from when the logs were read),
// then the probable causes with the runbook or command to run, then the findings with their
// evidence, the probes and the logs read. Coloured on a terminal; columns line up by terminal
// width, with or without colour and in Chinese.
import { sqliteProblemText } from './sqlite-problem.js';
import type { ChalkInstance } from 'chalk';
import type { StoreConfig } from '../../core/config/load.js';
import type { Context } from '../../core/context.js';
import { pasteable } from '../../core/pasteable.js';
import type { Diagnosis } from '../../checks/diagnose.js';
import { say } from '../../checks/phrase.js';
import type { LogWindow } from '../../checks/recovery.js';
import { clockText, isoInZone } from '../../checks/store-time.js';
import { STATUSES, type Cause, type ProbeResult, type Status } from '../../checks/types.js';
import { displayWidth, padColumns } from '../format.js';
import { paint } from '../output.js';

const EVIDENCE_WIDTH = 160;
/** Lines of a probe's details, and of a finding's evidence, shown without --verbose. */
const DETAILS_SHOWN = 3;

function tone(c: ChalkInstance, s: Status): (t: string) => string {
  return s === 'critical' ? c.red.bold : s === 'warning' ? c.yellow : s === 'unknown' ? c.magenta : c.green;
}

/** Why the logs start where they do, when a recovery cut the default window short. */
function windowLine(ctx: Context, w: LogWindow, tz: string): string | undefined {
  const r = w.recovery;
  if (!r) return undefined;
  const command = pasteable(ctx.configFlag, ['diagnose', '--since', '24h']);
  const at = clockText(w.since, tz);
  return r.kind === 'restore'
    ? ctx.t('diag.window.restore', { at, backup: r.backup, command })
    : ctx.t('diag.window.incident', { at, id: r.incident, runbook: r.runbook, command });
}

function causeNext(ctx: Context, c: ChalkInstance, cause: Cause): string {
  if (cause.runbook) return c.cyan(`→ ${ctx.t('diag.runbook', { command: pasteable(ctx.configFlag, ['runbook', 'start', cause.runbook]) })}`);
  if (cause.command) return c.cyan(`→ ${ctx.t('diag.command', { command: cause.command })}`);
  return c.dim(ctx.t('diag.noRunbook'));
}

function probeLines(ctx: Context, c: ChalkInstance, probes: readonly ProbeResult[]): string[] {
  const word = (s: Status) => ctx.t(`diag.status.${s}`);
  const statusWidth = Math.max(...STATUSES.map((s) => displayWidth(word(s))));
  const nameWidth = Math.max(...probes.map((p) => displayWidth(p.name)), 0);
  const out: string[] = [];
  for (const p of probes) {
    const mark = p.status === 'ok' ? c.green('✓') : tone(c, p.status)('✗');
    // Padding outside the colour codes: they take no columns, so padEnd would count them.
    const status = tone(c, p.status)(word(p.status)) + padColumns('', statusWidth - displayWidth(word(p.status)));
    out.push(`  ${mark} ${status} ${padColumns(p.name, nameWidth)}  ${say(ctx.lang, p.message)}  ${c.dim(ctx.t('diag.durationMs', { ms: p.duration_ms }))}`);
    const details = p.details ?? [];
    const shown = ctx.verbose ? details : details.slice(0, DETAILS_SHOWN);
    const indent = ' '.repeat(5 + statusWidth);
    for (const line of shown) out.push(`${indent}${sqliteProblemText(ctx.lang, line)}`);
    if (shown.length < details.length) out.push(`${indent}${c.dim(ctx.t('diag.more', { count: details.length - shown.length }))}`);
  }
  return out;
}

export function renderText(d: Diagnosis, config: StoreConfig, ctx: Context): string[] {
  const { t, lang } = ctx;
  const c = paint(ctx);
  const tz = config.store.timezone;
  const when = (ms: number) => isoInZone(ms, tz).replace('T', ' ').slice(0, 16);
  const short = (ms: number) => when(ms).slice(5);
  const status = (s: Status) => tone(c, s)(t(`diag.status.${s}`));
  const count = (s: Status) => d.probes.filter((p) => p.status === s).length;
  const out: string[] = [];
  out.push(t('diag.verdict', { status: status(d.status), store: config.store.id, name: config.store.name, now: clockText(d.now, tz) }));
  out.push(t('diag.summary', { causes: d.causes.length, findings: d.findings.length, ok: count('ok'), warning: count('warning'), critical: count('critical'), unknown: count('unknown') }));
  const window = windowLine(ctx, d.window, tz);
  if (window) out.push(c.cyan(window));
  if (d.status === 'ok') out.push(c.green(t('diag.healthy')));

  if (d.causes.length > 0) {
    out.push('', c.bold(t('diag.causes')));
    d.causes.forEach((cause, i) => {
      out.push(`  ${t('diag.cause', { n: i + 1, class: t(`diag.class.${cause.class}`), confidence: Math.round(cause.confidence * 100), summary: say(lang, cause.summary) })}`);
      out.push(`     ${causeNext(ctx, c, cause)}`);
      const then = cause.runbooks.filter((r) => r !== cause.runbook);
      if (then.length > 0) out.push(`     ${c.cyan(t('diag.thenRunbooks', { runbooks: then.join(', ') }))}`);
      out.push(`     ${c.dim(t('diag.causeFindings', { ids: cause.findings.join(', ') }))}`);
    });
  }

  if (d.findings.length > 0) {
    out.push('', c.bold(t('diag.findings')));
    for (const f of d.findings) {
      const range = f.first_seen === null ? '' : f.first_seen === f.last_seen ? `, ${short(f.first_seen)}` : `, ${short(f.first_seen)} – ${short(f.last_seen!)}`;
      out.push(`  ${t('diag.finding', {
        severity: status(f.severity), id: c.bold(f.id), title: say(lang, f.title), count: f.count, range,
        class: t(`diag.class.${f.class}`), runbook: f.runbook ? ` → ${f.runbook}` : '',
      })}`);
      out.push(`      ${c.dim(say(lang, f.explain))}`);
      // Without --verbose, how it began and where it stands: the first line and the latest two.
      const evidence = ctx.verbose || f.evidence.length <= DETAILS_SHOWN ? f.evidence : [f.evidence[0]!, ...f.evidence.slice(-2)];
      for (const e of evidence) {
        const where = e.line === null ? e.file : `${e.file}:${e.line}`;
        // A log line is quoted as written; a database probe's problem is ours to put in the reader's words.
        const said = e.file.startsWith('database:') ? sqliteProblemText(lang, e.text) : e.text;
        const text = said.length > EVIDENCE_WIDTH ? `${said.slice(0, EVIDENCE_WIDTH)}…` : said;
        out.push(`      ${c.cyan(where)}  ${text}`);
      }
      if (evidence.length < f.evidence.length) out.push(`      ${c.dim(t('diag.more', { count: f.evidence.length - evidence.length }))}`);
    }
  }

  out.push('', c.bold(t('diag.probes')), ...probeLines(ctx, c, d.probes));

  out.push('', c.bold(t('diag.logs', { since: when(d.since), now: when(d.now) })));
  for (const l of d.logs) {
    if (l.skipped) {
      out.push(`  ${c.dim(t('diag.logSkipped', { file: l.file }))}`);
      continue;
    }
    out.push(`  ${t('diag.logFile', { file: l.file, encoding: l.encoding, lines: l.lines, matched: l.matched })}`);
    for (const p of l.problems) {
      out.push(`    ${c.yellow(t(`diag.logProblem.${p.kind}`, { line: p.line ?? '-', count: p.count ?? '-', detail: p.detail ?? '' }))}`);
    }
  }
  return out;
}
