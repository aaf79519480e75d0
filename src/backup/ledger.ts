// The verification ledger and run history in the state database: what was verified, how deeply,
// when, and with what result; and every backup run with its outcome. list, status and prune read it.
import { openStateDb } from '../core/state-db.js';

export type VerifyLevel = 'quick' | 'deep' | 'drill';
const LEVEL_RANK: Record<VerifyLevel, number> = { quick: 1, deep: 2, drill: 3 };

export interface VerificationRecord {
  backup: string;
  destination: string;
  level: VerifyLevel;
  ok: boolean;
  at: string;
  duration_ms: number;
  details: Record<string, unknown>;
}

export interface RunRecord {
  started_at: string;
  finished_at: string;
  outcome: 'ok' | 'failed';
  backup: string | null;
  size: number | null;
  duration_ms: number;
  error: string | null;
}

export function recordVerification(stateDir: string, v: VerificationRecord): void {
  const db = openStateDb(stateDir);
  try {
    db.prepare('INSERT INTO verifications (backup, destination, level, ok, at, duration_ms, details) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(v.backup, v.destination, v.level, v.ok ? 1 : 0, v.at, v.duration_ms, JSON.stringify(v.details));
  } finally {
    db.close();
  }
}

export function recordRun(stateDir: string, r: RunRecord): void {
  const db = openStateDb(stateDir);
  try {
    db.prepare('INSERT INTO backup_runs (started_at, finished_at, outcome, backup, size, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.started_at, r.finished_at, r.outcome, r.backup, r.size, r.duration_ms, r.error);
  } finally {
    db.close();
  }
}

export function lastSuccessfulRun(stateDir: string): RunRecord | undefined {
  const db = openStateDb(stateDir);
  try {
    return db.prepare("SELECT * FROM backup_runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1").get() as RunRecord | undefined;
  } finally {
    db.close();
  }
}

/** Every verification, newest first, keyed by `destination/backup`. */
export function verificationsByBackup(stateDir: string): Map<string, VerificationRecord[]> {
  const db = openStateDb(stateDir);
  try {
    const rows = db.prepare('SELECT * FROM verifications ORDER BY at DESC, id DESC').all() as Array<Record<string, unknown>>;
    const out = new Map<string, VerificationRecord[]>();
    for (const r of rows) {
      const key = `${String(r.destination)}/${String(r.backup)}`;
      const list = out.get(key) ?? [];
      list.push({
        backup: String(r.backup), destination: String(r.destination), level: r.level as VerifyLevel, ok: r.ok === 1,
        at: String(r.at), duration_ms: Number(r.duration_ms), details: JSON.parse(String(r.details)) as Record<string, unknown>,
      });
      out.set(key, list);
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * The verified state a person cares about: the deepest level that passed, as of the newest
 * verification. A failed verification after a pass means the backup is now bad.
 */
export function verifiedState(records: readonly VerificationRecord[] | undefined): { level: VerifyLevel | 'never' | 'failed'; at: string | null; restore_ms: number | null } {
  if (!records || records.length === 0) return { level: 'never', at: null, restore_ms: null };
  const newest = records[0]!;
  if (!newest.ok) return { level: 'failed', at: newest.at, restore_ms: null };
  let best = newest;
  for (const r of records) {
    if (!r.ok) break;
    if (LEVEL_RANK[r.level] > LEVEL_RANK[best.level]) best = r;
  }
  const drill = records.find((r) => r.ok && r.level === 'drill');
  return { level: best.level, at: best.at, restore_ms: drill ? Number(drill.details.restore_ms ?? drill.duration_ms) : null };
}
