// What went wrong with the log files themselves, as findings: diagnose was partly blind, and
// says where. A line too long to keep is only a note on the file (its first 64 KB were checked).
import type { MessageKey } from '../../core/i18n.js';
import type { CauseClass, Evidence, Finding, Status } from '../types.js';
import type { LogFileReport } from './scan.js';
import type { FileProblemKind } from './scan-file.js';
import type { SourceProblem } from './sources.js';

interface Kind {
  id: string;
  class: CauseClass;
  severity: Status;
  title: MessageKey;
  explain: MessageKey;
}

const KINDS: Record<Exclude<FileProblemKind, 'long-line'> | SourceProblem['kind'], Kind> = {
  'no-match': { id: 'log-missing', class: 'human', severity: 'warning', title: 'finding.logMissing.title', explain: 'finding.logMissing.explain' },
  'not-a-file': { id: 'log-unreadable', class: 'human', severity: 'warning', title: 'finding.logUnreadable.title', explain: 'finding.logUnreadable.explain' },
  unreadable: { id: 'log-unreadable', class: 'human', severity: 'warning', title: 'finding.logUnreadable.title', explain: 'finding.logUnreadable.explain' },
  binary: { id: 'log-binary', class: 'human', severity: 'warning', title: 'finding.logBinary.title', explain: 'finding.logBinary.explain' },
  'invalid-utf8': { id: 'log-encoding', class: 'human', severity: 'warning', title: 'finding.logEncoding.title', explain: 'finding.logEncoding.explain' },
  'truncated-gzip': { id: 'log-truncated', class: 'software', severity: 'warning', title: 'finding.logTruncated.title', explain: 'finding.logTruncated.explain' },
  incomplete: { id: 'log-incomplete', class: 'software', severity: 'unknown', title: 'finding.logIncomplete.title', explain: 'finding.logIncomplete.explain' },
};

/**
 * Findings about diagnose's own reading of the logs (a path that matches nothing, a binary or
 * mis-encoded file): they say where it was blind, not what befell the store, so they rank no
 * cause. A truncated .gz is different: an unclean stop leaves it, so it stays evidence.
 */
export const READING_FINDINGS: ReadonlySet<string> = new Set(Object.values(KINDS).map((k) => k.id).filter((id) => id !== 'log-truncated'));

export function sourceFindings(files: readonly LogFileReport[], problems: readonly SourceProblem[]): Finding[] {
  const byId = new Map<string, { kind: Kind; evidence: Evidence[] }>();
  const add = (kindName: keyof typeof KINDS, evidence: Evidence) => {
    const kind = KINDS[kindName];
    const entry = byId.get(kind.id) ?? { kind, evidence: [] };
    entry.evidence.push(evidence);
    byId.set(kind.id, entry);
  };
  for (const p of problems) add(p.kind, { file: p.file ?? p.pattern, line: null, text: p.detail ?? p.kind, at: null });
  for (const f of files) {
    for (const p of f.problems) {
      if (p.kind === 'long-line') continue;
      const text = p.kind === 'invalid-utf8' ? `${p.count} lines` : p.detail ?? p.kind;
      add(p.kind, { file: f.file, line: p.line ?? null, text, at: null });
    }
  }
  return [...byId.values()].map(({ kind, evidence }) => ({
    id: kind.id, source: 'log', class: kind.class, severity: kind.severity, count: evidence.length,
    first_seen: null, last_seen: null, times: [], runbook: null,
    title: { key: kind.title },
    explain: { key: kind.explain },
    evidence: evidence.slice(0, 3),
  }));
}
