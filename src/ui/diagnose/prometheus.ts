// diagnose as node_exporter textfile metrics: the verdict, every probe, every finding and the
// ranked causes, each labelled by store, so an alert can say which store and what.
import type { Diagnosis } from '../../checks/diagnose.js';
import type { Status } from '../../checks/types.js';

const CODE: Record<Status, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string | number>) => `{${Object.entries(l).map(([k, v]) => `${k}="${escape(String(v))}"`).join(',')}}`;

export function renderPrometheus(d: Diagnosis, store: string): string {
  const out: string[] = [];
  const metric = (name: string, help: string, rows: Array<[Record<string, string | number>, number]>) => {
    if (rows.length === 0) return;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of rows) out.push(`${name}${labels({ store, ...l })} ${v}`);
  };
  const seconds = (ms: number) => Math.round(ms) / 1000;
  metric('store_ops_diagnose_status', 'Overall result, as the exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.', [[{}, d.exit_code]]);
  metric('store_ops_diagnose_timestamp_seconds', 'Unix time the diagnosis judged (its --now).', [[{}, Math.floor(d.now / 1000)]]);
  metric('store_ops_diagnose_duration_seconds', 'Wall time of the diagnosis.', [[{}, seconds(d.duration_ms)]]);
  metric('store_ops_probe_status', 'Probe result: 0 ok, 1 warning, 2 critical, 3 unknown.', d.probes.map((p) => [{ probe: p.name, kind: p.kind }, CODE[p.status]]));
  metric('store_ops_probe_value', 'What the probe measured, in the unit of its label.',
    d.probes.filter((p) => p.value !== null).map((p) => [{ probe: p.name, kind: p.kind, unit: p.unit ?? '' }, p.value!]));
  metric('store_ops_probe_duration_seconds', 'How long the probe took.', d.probes.map((p) => [{ probe: p.name, kind: p.kind }, p.duration_ms / 1000]));
  metric('store_ops_finding_occurrences', 'Times a finding was seen in the window (log lines, or 1 for a probe).',
    d.findings.map((f) => [{ finding: f.id, class: f.class, severity: f.severity, source: f.source, runbook: f.runbook ?? '' }, f.count]));
  metric('store_ops_finding_last_seen_timestamp_seconds', 'Unix time a finding was last seen.',
    d.findings.filter((f) => f.last_seen !== null).map((f) => [{ finding: f.id }, Math.floor(f.last_seen! / 1000)]));
  metric('store_ops_cause_confidence', 'Probable causes, ranked: confidence 0-1.',
    d.causes.map((c, i) => [{ rank: i + 1, class: c.class, runbook: c.runbook ?? '', rule: c.rule }, c.confidence]));
  metric('store_ops_log_lines', 'Lines read from each log file.', d.logs.map((l) => [{ file: l.file }, l.lines]));
  metric('store_ops_log_matched_lines', 'Lines of each log file that matched a signature in the window.', d.logs.map((l) => [{ file: l.file }, l.matched]));
  return `${out.join('\n')}\n`;
}
