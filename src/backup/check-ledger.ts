// The full database checks on record: every integrity_check store-ops ran on a copy of a store
// database (the nightly backup's snapshot, a deep verify, a drill, a restore's staging) with its
// result and the moment of the store's state it checked. diagnose shows the newest as "the last
// full check" instead of re-reading a large database on every run; status can show its age.
import { existsSync } from 'node:fs';
import { openStateDb, stateDbPath } from '../core/state-db.js';

export type CheckSource = 'backup' | 'verify' | 'drill' | 'restore' | 'diagnose';

export interface DatabaseCheckRecord {
  /** The database's name in the config. */
  database: string;
  /** The live file the checked state came from. */
  path: string;
  kind: 'quick_check' | 'integrity_check';
  ok: boolean;
  /** "ok", or SQLite's first problems. */
  result: string;
  /** When the checked state was the store's (the snapshot's time), ISO 8601. */
  state_at: string;
  /** When the check finished, ISO 8601. */
  checked_at: string;
  source: CheckSource;
  backup: string | null;
  duration_ms: number;
}

export function recordDatabaseCheck(stateDir: string, r: DatabaseCheckRecord): void {
  const db = openStateDb(stateDir);
  try {
    db.prepare(`INSERT INTO database_checks (database, path, kind, ok, result, state_at, checked_at, source, backup, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(r.database, r.path, r.kind, r.ok ? 1 : 0, r.result, r.state_at, r.checked_at, r.source, r.backup, r.duration_ms);
  } finally {
    db.close();
  }
}

/** The newest check of one kind of a database, by the time of the state it checked. */
export function lastDatabaseCheck(stateDir: string, database: string, kind: DatabaseCheckRecord['kind'] = 'integrity_check'): DatabaseCheckRecord | undefined {
  // A read-only question: a store that never ran store-ops has no state folder, and gets none from asking.
  if (!existsSync(stateDbPath(stateDir))) return undefined;
  const db = openStateDb(stateDir);
  try {
    const row = db.prepare('SELECT * FROM database_checks WHERE database = ? AND kind = ? ORDER BY state_at DESC, id DESC LIMIT 1').get(database, kind) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return {
      database: String(row.database), path: String(row.path), kind: row.kind as DatabaseCheckRecord['kind'], ok: row.ok === 1, result: String(row.result),
      state_at: String(row.state_at), checked_at: String(row.checked_at), source: row.source as CheckSource,
      backup: row.backup === null ? null : String(row.backup), duration_ms: Number(row.duration_ms),
    };
  } finally {
    db.close();
  }
}
