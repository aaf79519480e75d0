// Probe problems as findings, and findings of the same id from several places (the database
// probe and the logs both saying "malformed") merged into one, keeping the strongest severity.
import { EVIDENCE_LINES } from './logs/aggregate.js';
import type { Finding, ProbeResult } from './types.js';
import { statusRank } from './types.js';

export function probeFinding(r: ProbeResult, now: number): Finding {
  const p = r.problem!;
  return {
    id: p.id, source: 'probe', class: p.class, severity: r.status, count: 1, first_seen: now, last_seen: now, times: [now],
    runbook: p.runbook, ...(p.command ? { command: p.command } : {}), title: p.title, explain: p.explain,
    evidence: (p.evidence ?? []).map((text) => ({ file: r.name, line: null, text, at: now })),
  };
}

export function mergeFindings(all: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of all) {
    const seen = byId.get(f.id);
    if (!seen) {
      byId.set(f.id, { ...f, evidence: [...f.evidence], times: [...f.times] });
      continue;
    }
    seen.count += f.count;
    if (statusRank(f.severity) > statusRank(seen.severity)) seen.severity = f.severity;
    seen.times = [...seen.times, ...f.times].sort((a, b) => a - b);
    seen.first_seen = seen.times[0] ?? seen.first_seen;
    seen.last_seen = seen.times[seen.times.length - 1] ?? seen.last_seen;
    // A probe's evidence before the logs': it says what is wrong now.
    const probeFirst = f.source === 'probe' && seen.source === 'log';
    seen.evidence = (probeFirst ? [...f.evidence, ...seen.evidence] : [...seen.evidence, ...f.evidence]).slice(0, EVIDENCE_LINES);
  }
  return [...byId.values()];
}
