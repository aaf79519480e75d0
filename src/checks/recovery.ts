// Where diagnose starts reading logs. By default the last 24 hours, but not from before the store
// was last brought back (the newest restore into the live store, or the newest incident closed,
// both in the state database): the lines before it tell of an incident already dealt with, and
// would keep the verdict CRITICAL with the old cause long after the recovery. --since wins.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openStateDb, stateDbPath } from '../core/state-db.js';

export type Recovery =
  | { kind: 'restore'; at: number; backup: string }
  | { kind: 'incident'; at: number; incident: number; runbook: string };

export interface LogWindow {
  since: number;
  /** default: the last 24 h; option: --since; restore, incident: cut at `recovery`. */
  reason: 'default' | 'option' | 'restore' | 'incident';
  recovery: Recovery | null;
}

export const DEFAULT_WINDOW_MS = 24 * 3_600_000;

interface RestoreDetails {
  backup?: string;
  quarantine?: string;
  target?: string | null;
  cancelled?: boolean;
  dry_run?: boolean;
  restored?: string[];
  undone?: string;
}

/**
 * The newest restore into the live store at or before `now` that no `restore --undo` reverted.
 * Both are audit rows of the restore command: an undo names the quarantine folder of the restore
 * it reverted, which is where that restore kept what it replaced.
 */
function lastRestore(rows: Array<{ at: string; details: string }>, now: number): Recovery | null {
  const live = new Map<string, { at: number; backup: string }>();
  for (const row of rows) {
    const d = JSON.parse(row.details) as RestoreDetails;
    if (d.undone !== undefined) live.delete(d.undone);
    else if (d.backup && d.quarantine && !d.target && !d.cancelled && !d.dry_run && (d.restored ?? []).length > 0) {
      live.set(path.basename(d.quarantine), { at: Date.parse(row.at), backup: d.backup });
    }
  }
  const newest = [...live.values()].filter((r) => r.at <= now).sort((a, b) => b.at - a.at)[0];
  return newest ? { kind: 'restore', ...newest } : null;
}

/** The newest recovery at or before `now` (a restore, or a closed incident); none without a state database. */
export function lastRecovery(stateDir: string, now: number): Recovery | null {
  if (!existsSync(stateDbPath(stateDir))) return null;
  const db = openStateDb(stateDir);
  try {
    const restores = db.prepare("SELECT at, details FROM audit WHERE command = 'restore' AND outcome = 'ok' ORDER BY id").all() as Array<{ at: string; details: string }>;
    const closed = (db.prepare('SELECT id, runbook, closed_at FROM incidents WHERE closed_at IS NOT NULL').all() as Array<{ id: number; runbook: string; closed_at: string }>)
      .map((i): Recovery => ({ kind: 'incident', at: Date.parse(i.closed_at), incident: i.id, runbook: i.runbook }))
      .filter((r) => r.at <= now);
    const all = [lastRestore(restores, now), ...closed].filter((r): r is Recovery => r !== null);
    return all.sort((a, b) => b.at - a.at)[0] ?? null;
  } finally {
    db.close();
  }
}

/** The log window ending at `now`: `given` (from --since) as it is, else the default cut at the last recovery. */
export function logWindow(stateDir: string, now: number, given: number | undefined): LogWindow {
  if (given !== undefined) return { since: given, reason: 'option', recovery: null };
  const since = now - DEFAULT_WINDOW_MS;
  const recovery = lastRecovery(stateDir, now);
  if (!recovery || recovery.at <= since) return { since, reason: 'default', recovery: null };
  return { since: recovery.at, reason: recovery.kind, recovery };
}
