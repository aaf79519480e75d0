// The last diagnose, kept in the state database: its verdict, the top cause and the runbook. The
// status screen shows it, and the status written for HQ after a backup run still carries it, so a
// store's health is known at HQ even on a night when nobody ran diagnose.
import { existsSync } from 'node:fs';
import { openStateDb, stateDbPath } from '../core/state-db.js';

export interface DiagnoseRecord {
  /** The moment judged (its --now), ISO 8601. */
  checked_at: string;
  status: 'ok' | 'warning' | 'critical' | 'unknown';
  exit_code: number;
  cause_class: string | null;
  runbook: string | null;
}

export function recordDiagnose(stateDir: string, r: DiagnoseRecord): void {
  const db = openStateDb(stateDir);
  try {
    db.prepare('INSERT INTO diagnose_runs (checked_at, status, exit_code, cause_class, runbook, recorded_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(r.checked_at, r.status, r.exit_code, r.cause_class, r.runbook, new Date().toISOString());
  } finally {
    db.close();
  }
}

/** The newest diagnose recorded (by when it ran, not the moment it judged), or none. */
export function lastDiagnose(stateDir: string): DiagnoseRecord | null {
  // A read-only question: a store that never ran store-ops has no state folder, and gets none from asking.
  if (!existsSync(stateDbPath(stateDir))) return null;
  const db = openStateDb(stateDir);
  try {
    const row = db.prepare('SELECT checked_at, status, exit_code, cause_class, runbook FROM diagnose_runs ORDER BY id DESC LIMIT 1').get() as DiagnoseRecord | undefined;
    return row ?? null;
  } finally {
    db.close();
  }
}
