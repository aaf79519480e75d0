// The audit log: who did what, when, with which arguments, and how it ended. Every command that
// changes anything writes one row. Secrets never reach it: option values whose name says they
// are secret, and anything shaped like an age secret key, are replaced before the row is written.
import { openStateDb } from './state-db.js';

export type AuditOutcome = 'ok' | 'failed' | 'refused';

export interface AuditEntry {
  operator: string;
  command: string;
  args: readonly string[];
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  at?: Date;
}

export interface AuditRow {
  id: number;
  at: string;
  operator: string;
  command: string;
  args: string[];
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

const SECRET_OPTION = /pass(word|phrase)?|secret|token|credential/i;
const AGE_SECRET = /AGE-SECRET-KEY-[0-9A-Z-]+/g;
const REDACTED = '[redacted]';

export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.replace(AGE_SECRET, REDACTED);
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && SECRET_OPTION.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${REDACTED}`);
      continue;
    }
    out.push(arg);
    const next = args[i + 1];
    if (arg.startsWith('--') && SECRET_OPTION.test(arg) && next !== undefined && !next.startsWith('-')) {
      out.push(REDACTED);
      i++;
    }
  }
  return out;
}

export function recordAudit(stateDir: string, entry: AuditEntry): number {
  const db = openStateDb(stateDir);
  try {
    const info = db
      .prepare('INSERT INTO audit (at, operator, command, args, outcome, details) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        (entry.at ?? new Date()).toISOString(),
        entry.operator,
        entry.command,
        JSON.stringify(redactArgs(entry.args)),
        entry.outcome,
        JSON.stringify(entry.details ?? {}).replace(AGE_SECRET, REDACTED),
      );
    return Number(info.lastInsertRowid);
  } finally {
    db.close();
  }
}

export function readAudit(stateDir: string, limit = 100): AuditRow[] {
  const db = openStateDb(stateDir);
  try {
    const rows = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(limit) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      operator: String(r.operator),
      command: String(r.command),
      args: JSON.parse(String(r.args)) as string[],
      outcome: r.outcome as AuditOutcome,
      details: JSON.parse(String(r.details)) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}
