// The vocabulary of diagnose: statuses, cause classes, runbook ids, and what probes, log checks
// and the correlation hand each other. Text is carried as a phrase (a message key, or an en/zh
// pair from the signature data) so the core stays free of any one language.
import type { MessageKey, MessageParams } from '../core/i18n.js';

export const STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

export const CAUSE_CLASSES = ['hardware', 'software', 'network', 'human', 'external'] as const;
export type CauseClass = (typeof CAUSE_CLASSES)[number];

/** The runbooks diagnose may recommend; `store-ops runbook start ID` opens one. */
export const RUNBOOKS = [
  'pos-crash', 'db-corruption', 'disk-full', 'network-outage', 'power-loss', 'payment-failure',
  'restore-from-backup', 'data-loss-no-backup', 'hardware-failure', 'security-incident',
] as const;
export type RunbookId = (typeof RUNBOOKS)[number];

export type Phrase = { en: string; zh: string; params?: MessageParams } | { key: MessageKey; params?: MessageParams };

export interface Evidence {
  file: string;
  line: number | null;
  text: string;
  at: number | null;
}

/** What a probe found wrong, in the terms of a finding. */
export interface ProbeProblem {
  id: string;
  class: CauseClass;
  runbook: RunbookId | null;
  /** What to run when the fix is one command rather than a runbook (pasteable, with --config). */
  command?: string;
  title: Phrase;
  explain: Phrase;
  evidence?: string[];
}

export interface ProbeResult {
  name: string;
  kind: string;
  status: Status;
  value: number | null;
  unit: string | null;
  message: Phrase;
  duration_ms: number;
  /** Every line of what the probe found wrong (damage a database check listed), when more than the message holds. */
  details?: string[];
  problem?: ProbeProblem;
}

export interface Finding {
  id: string;
  source: 'log' | 'probe';
  class: CauseClass;
  severity: Status;
  count: number;
  first_seen: number | null;
  last_seen: number | null;
  /** Every time seen (capped); the correlation orders findings by them. */
  times: number[];
  runbook: RunbookId | null;
  command?: string;
  title: Phrase;
  explain: Phrase;
  evidence: Evidence[];
}

export interface Cause {
  rule: string;
  class: CauseClass;
  confidence: number;
  summary: Phrase;
  runbook: RunbookId | null;
  /** The runbook first, then the ones to open after it. */
  runbooks: RunbookId[];
  /** Without a runbook: the one command that deals with it. */
  command: string | null;
  findings: string[];
  at: number | null;
}

const RANK: Record<Status, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** The worse of statuses: a known problem outranks an unknown one, critical outranks warning. */
export function worst(statuses: Iterable<Status>): Status {
  let out: Status = 'ok';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}

export const statusRank = (s: Status) => RANK[s];
