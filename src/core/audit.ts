// The audit log: who did what, when, with which arguments, and how it ended. Every command that
// changes anything writes one row. Secrets never reach it: option values whose name says they
// are secret, and anything shaped like a secret key (age, minisign), are replaced before the row
// is written; an operator name (--operator, $STORE_OPS_OPERATOR) that holds one is replaced whole.
import { redactArgs, redactOperator, redactSecrets } from './redact.js';
import { openStateDb } from './state-db.js';

export { redactArgs };

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

export function recordAudit(stateDir: string, entry: AuditEntry): number {
  const db = openStateDb(stateDir);
  try {
    const info = db
      .prepare('INSERT INTO audit (at, operator, command, args, outcome, details) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        (entry.at ?? new Date()).toISOString(),
        redactOperator(entry.operator),
        entry.command,
        JSON.stringify(redactArgs(entry.args)),
        entry.outcome,
        redactSecrets(JSON.stringify(entry.details ?? {})),
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
