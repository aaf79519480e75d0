// Building probe results: one shape for every probe kind, the time each took, and thresholds
// applied the same way everywhere.
import type { MessageKey, MessageParams } from '../../core/i18n.js';
import type { CauseClass, ProbeProblem, ProbeResult, RunbookId, Status } from '../types.js';

export interface Measured {
  name: string;
  kind: string;
  started: number;
}

export const begin = (name: string, kind: string): Measured => ({ name, kind, started: performance.now() });

export function finish(
  m: Measured, status: Status, value: number | null, unit: string | null,
  message: MessageKey, params: MessageParams = {}, problem?: ProbeProblem,
): ProbeResult {
  const out: ProbeResult = {
    name: m.name, kind: m.kind, status, value, unit, message: { key: message, params },
    duration_ms: Math.round((performance.now() - m.started) * 10) / 10,
  };
  if (problem && status !== 'ok') out.problem = problem;
  return out;
}

/** A problem whose title and explanation are `finding.<key>.title` / `.explain` in the catalogue. */
export function problem(id: string, cls: CauseClass, runbook: RunbookId | null, title: MessageKey, explain: MessageKey, params: MessageParams = {}, evidence?: string[]): ProbeProblem {
  return { id, class: cls, runbook, title: { key: title, params }, explain: { key: explain, params }, ...(evidence ? { evidence } : {}) };
}

/** Lower is worse (free space): critical at or below `critical`, warning at or below `warn`. */
export function lowIsBad(value: number, warn: number, critical: number): Status {
  return value <= critical ? 'critical' : value <= warn ? 'warning' : 'ok';
}

/** Higher is worse (load, age). */
export function highIsBad(value: number, warn: number, critical: number): Status {
  return value >= critical ? 'critical' : value >= warn ? 'warning' : 'ok';
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

export function errorCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(err));
}
