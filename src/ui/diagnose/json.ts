// The --json document of diagnose (README, "JSON output"), with times in
// the store's zone and every text in the chosen language. Fields are added, never renamed.
import type { StoreConfig } from '../../core/config/load.js';
import type { Lang } from '../../core/i18n.js';
import type { Diagnosis } from '../../checks/diagnose.js';
import { say } from '../../checks/phrase.js';
import type { LogWindow } from '../../checks/recovery.js';
import { isoInZone } from '../../checks/store-time.js';

/** Why the logs start at `since`: the default 24 h, --since, or the recovery that cut the window. */
function sinceReason(w: LogWindow, iso: (ms: number) => string | null) {
  const r = w.recovery;
  return {
    kind: w.reason,
    restore: r?.kind === 'restore' ? { backup: r.backup, at: iso(r.at) } : null,
    incident: r?.kind === 'incident' ? { id: r.incident, runbook: r.runbook, closed_at: iso(r.at) } : null,
  };
}

export function diagnosisJson(d: Diagnosis, config: StoreConfig, lang: Lang) {
  const tz = config.store.timezone;
  const iso = (ms: number | null) => (ms === null ? null : isoInZone(ms, tz));
  return {
    status: d.status,
    exit_code: d.exit_code,
    checked_at: iso(d.now),
    since: iso(d.since),
    since_reason: sinceReason(d.window, iso),
    store: { id: config.store.id, name: config.store.name, timezone: tz },
    duration_ms: d.duration_ms,
    causes: d.causes.map((c) => ({
      class: c.class, confidence: c.confidence, summary: say(lang, c.summary), runbook: c.runbook, runbooks: c.runbooks, command: c.command,
      findings: c.findings, rule: c.rule, first_seen: iso(c.at),
    })),
    findings: d.findings.map((f) => ({
      id: f.id, source: f.source, class: f.class, severity: f.severity, count: f.count,
      first_seen: iso(f.first_seen), last_seen: iso(f.last_seen), runbook: f.runbook, command: f.command ?? null,
      title: say(lang, f.title), message: say(lang, f.explain),
      evidence: f.evidence.map((e) => ({ file: e.file, line: e.line, text: e.text, at: iso(e.at) })),
    })),
    probes: d.probes.map((p) => ({
      name: p.name, kind: p.kind, status: p.status, value: p.value, unit: p.unit, message: say(lang, p.message), duration_ms: p.duration_ms,
      details: p.details ?? [],
    })),
    logs: d.logs.map((l) => ({
      file: l.file, encoding: l.encoding, bytes: l.bytes, lines: l.lines, matched: l.matched, skipped: l.skipped,
      problems: l.problems.map((p) => ({ kind: p.kind, line: p.line ?? null, count: p.count ?? null, detail: p.detail ?? null })),
    })),
  };
}
