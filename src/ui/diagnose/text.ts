// diagnose for a person: the verdict first, then the probable causes with the runbook to open,
// then the findings with their evidence, the probes and the logs read. Coloured on a terminal.
import type { ChalkInstance } from 'chalk';
import type { StoreConfig } from '../../core/config/load.js';
import type { Context } from '../../core/context.js';
import type { Diagnosis } from '../../checks/diagnose.js';
import { say } from '../../checks/phrase.js';
import { isoInZone } from '../../checks/store-time.js';
import type { Status } from '../../checks/types.js';
import { paint } from '../output.js';

const EVIDENCE_WIDTH = 160;

function tone(c: ChalkInstance, s: Status): (t: string) => string {
  return s === 'critical' ? c.red.bold : s === 'warning' ? c.yellow : s === 'unknown' ? c.magenta : c.green;
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
  out.push(t('diag.verdict', { status: status(d.status), store: config.store.id, name: config.store.name, now: `${when(d.now)} ${isoInZone(d.now, tz).slice(19)}` }));
  out.push(t('diag.summary', { causes: d.causes.length, findings: d.findings.length, ok: count('ok'), warning: count('warning'), critical: count('critical'), unknown: count('unknown') }));
  if (d.status === 'ok') out.push(c.green(t('diag.healthy')));

  if (d.causes.length > 0) {
    out.push('', c.bold(t('diag.causes')));
    d.causes.forEach((cause, i) => {
      out.push(`  ${t('diag.cause', { n: i + 1, class: t(`diag.class.${cause.class}`), confidence: Math.round(cause.confidence * 100), summary: say(lang, cause.summary) })}`);
      out.push(`     ${cause.runbook ? c.cyan(`→ ${t('diag.runbook', { runbook: cause.runbook })}`) : c.dim(t('diag.noRunbook'))}`);
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
      for (const e of f.evidence) {
        const where = e.line === null ? e.file : `${e.file}:${e.line}`;
        const text = e.text.length > EVIDENCE_WIDTH ? `${e.text.slice(0, EVIDENCE_WIDTH)}…` : e.text;
        out.push(`      ${c.cyan(where)}  ${text}`);
      }
    }
  }

  out.push('', c.bold(t('diag.probes')));
  const width = Math.max(...d.probes.map((p) => p.name.length), 0);
  for (const p of d.probes) {
    const mark = p.status === 'ok' ? c.green('✓') : tone(c, p.status)('✗');
    out.push(`  ${mark} ${status(p.status).padEnd(ctx.color ? 0 : 8)} ${p.name.padEnd(width)}  ${say(lang, p.message)}  ${c.dim(`${p.duration_ms} ms`)}`);
  }

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
