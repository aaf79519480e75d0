// The audit log: who did what, when, with which arguments, and how it ended. Every command writes
// one row, looks included, and so does every refusal; each names the operating system's
// user and role beside the operator name typed. Secrets never reach it: option values whose name
// says they are secret, and anything shaped like a secret key (age, minisign), are replaced
// before the row is written; an operator name (--operator, $STORE_OPS_OPERATOR) that holds one
// is replaced whole.
import { redactArgs, redactOperator, redactSecrets } from './redact.js';
import { dropRefusal, mergeRefusals } from './audit-inbox.js';
import { openStateDb } from './state-db.js';

export { redactArgs };

export type AuditOutcome = 'ok' | 'failed' | 'refused';

export interface AuditEntry {
  operator: string;
  /** Who the operating system says ran it (src/core/roles/who.ts); operator is the name typed. */
  user?: string;
  role?: string;
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
  user: string | null;
  role: string | null;
  command: string;
  args: string[];
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

/**
 * Writes the row; a refusal of someone who cannot open the state database is left in the
 * refusals inbox instead (audit-inbox.ts), and 0 returned for its id.
 */
export function recordAudit(stateDir: string, entry: AuditEntry): number {
  let db: ReturnType<typeof openStateDb>;
  try {
    db = openStateDb(stateDir);
  } catch (err) {
    const at = (entry.at ?? new Date()).toISOString();
    if (entry.outcome === 'refused' && dropRefusal(stateDir, { at, operator: entry.operator, command: entry.command, args: entry.args, details: entry.details ?? {} })) return 0;
    throw err;
  }
  try {
    mergeRefusals(db, stateDir);
    const info = db
      .prepare('INSERT INTO audit (at, operator, user, role, command, args, outcome, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        (entry.at ?? new Date()).toISOString(),
        redactOperator(entry.operator),
        entry.user ?? null,
        entry.role ?? null,
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

export interface AuditFilter {
  /** ISO time: rows at or after it. */
  since?: string;
  user?: string;
}

export function readAudit(stateDir: string, limit = 100, filter: AuditFilter = {}): AuditRow[] {
  const db = openStateDb(stateDir);
  try {
    mergeRefusals(db, stateDir);
    const rows = db
      .prepare('SELECT * FROM audit WHERE (@since IS NULL OR at >= @since) AND (@user IS NULL OR user = @user OR operator = @user) ORDER BY id DESC LIMIT @limit')
      .all({ since: filter.since ?? null, user: filter.user ?? null, limit }) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      operator: String(r.operator),
      user: r.user === null ? null : String(r.user),
      role: r.role === null ? null : String(r.role),
      command: String(r.command),
      args: JSON.parse(String(r.args)) as string[],
      outcome: r.outcome as AuditOutcome,
      details: JSON.parse(String(r.details)) as Record<string, unknown>,
    }));
  } finally {
    db.close();
  }
}
