// Matches grouped into findings, one per signature: how many, first and last seen, every time
// (for the correlation and for bursts), and the evidence a person reads, as file:line: the
// first lines (how it began) and the latest ones (where it stands), EVIDENCE_LINES in all.
import type { Evidence, Finding } from '../types.js';
import type { Signature } from './library.js';

const MAX_TIMES = 100_000;
const EVIDENCE_TEXT = 500;
export const EVIDENCE_LINES = 10;
const FIRST_LINES = EVIDENCE_LINES / 2;

interface Group {
  sig: Signature;
  count: number;
  times: number[];
  first: number | null;
  last: number | null;
  evidence: Evidence[];
}

export class Aggregator {
  private readonly groups = new Map<number, Group>();

  add(sig: Signature, evidence: Evidence): void {
    let g = this.groups.get(sig.index);
    if (!g) {
      g = { sig, count: 0, times: [], first: null, last: null, evidence: [] };
      this.groups.set(sig.index, g);
    }
    g.count++;
    const at = evidence.at;
    if (at !== null) {
      if (g.times.length < MAX_TIMES) g.times.push(at);
      if (g.first === null || at < g.first) g.first = at;
      if (g.last === null || at > g.last) g.last = at;
    }
    const shown = { ...evidence, text: evidence.text.length > EVIDENCE_TEXT ? `${evidence.text.slice(0, EVIDENCE_TEXT)}…` : evidence.text };
    if (g.evidence.length < EVIDENCE_LINES) g.evidence.push(shown);
    else {
      g.evidence.splice(FIRST_LINES, 1);
      g.evidence.push(shown);
    }
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const g of [...this.groups.values()].sort((a, b) => a.sig.index - b.sig.index)) {
      g.times.sort((a, b) => a - b);
      if (g.sig.burst && !isBurst(g, g.sig.burst)) continue;
      out.push({
        id: g.sig.id, source: 'log', class: g.sig.class, severity: g.sig.severity, count: g.count,
        first_seen: g.first, last_seen: g.last, times: g.times, runbook: g.sig.runbook,
        title: g.sig.title, explain: g.sig.explain, evidence: g.evidence,
      });
    }
    return out;
  }
}

/** At least `count` lines within `minutes`; lines without a time count when there is no timed one. */
function isBurst(g: Group, burst: { count: number; minutes: number }): boolean {
  if (g.times.length === 0) return g.count >= burst.count;
  const window = burst.minutes * 60_000;
  for (let i = 0; i + burst.count - 1 < g.times.length; i++) {
    if (g.times[i + burst.count - 1]! - g.times[i]! <= window) return true;
  }
  return false;
}
