// The quarantine: where everything a restore replaces goes, so nothing the store had is ever
// deleted. One folder per event under <state_dir>/quarantine/, holding the old files and a
// quarantine.json that says where each came from; --undo reads it to put them back.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir, writeFileAtomic } from '../core/atomic.js';
import { stamp } from '../backup/naming.js';
import { ownershipOf } from './ownership.js';

export interface QuarantinedItem {
  /** Where it lived. */
  original: string;
  /** Its path inside the quarantine folder. */
  stored: string;
  /** Its owner, group and mode where it lived, so --undo puts it back as it was (absent in records written before owners were kept). */
  uid?: number;
  gid?: number;
  mode?: number;
}

export interface QuarantineRecord {
  id: string;
  created: string;
  /** reconcile: a copy of the database, or the change record, of a reconcile --apply. */
  reason: 'restore' | 'undo' | 'reconcile';
  operator: string;
  /** The backup restored (for restore), or the quarantine put back (for undo). */
  source: string;
  /**
   * prepared: old state kept here, live files not yet replaced (for a change record: written, the
   * store's transaction not yet committed); swapped: replaced (committed); undone: put back;
   * rolled_back: a change record whose transaction never committed, so there is nothing to undo.
   */
  state: 'prepared' | 'swapped' | 'undone' | 'rolled_back';
  items: QuarantinedItem[];
  /** Paths the event created where nothing was before (undo moves them aside too). */
  absent: string[];
  /** reconcile --apply without a copy: the rows it changed, in a SQLite file here (reconcile undo reads it). */
  changes?: ChangeRecordRef;
}

export interface ChangeRecordRef {
  file: string;
  database: string;
  tables: Array<{ table: string; inserted: number; updated: number; deleted: number }>;
  /** When reconcile undo reversed it, and what it left because the store changed those rows since. */
  undone_at?: string;
}

export const quarantineRoot = (stateDir: string) => path.join(stateDir, 'quarantine');

export function openQuarantine(stateDir: string, reason: QuarantineRecord['reason'], operator: string, source: string, now = new Date()): { dir: string; record: QuarantineRecord } {
  const root = quarantineRoot(stateDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  let id = `${stamp(now)}-${reason}`;
  for (let n = 2; existsSync(path.join(root, id)); n++) id = `${stamp(now)}-${reason}-${n}`;
  const dir = path.join(root, id);
  mkdirSync(dir, { mode: 0o700 });
  fsyncDir(root);
  return { dir, record: { id, created: now.toISOString(), reason, operator, source, state: 'prepared', items: [], absent: [] } };
}

/**
 * Keeps a file in the quarantine without disturbing it where it lives: a hard link when both are
 * on one filesystem (instant, and the old bytes stay exactly as they were), a copy otherwise.
 */
export function keep(dir: string, record: QuarantineRecord, original: string, stored: string): void {
  const target = path.join(dir, stored);
  const { uid, gid, mode } = ownershipOf(original);
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    linkSync(original, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileSync(original, target);
  }
  record.items.push({ original, stored, uid, gid, mode });
}

export function saveRecord(dir: string, record: QuarantineRecord): void {
  for (const sub of new Set(record.items.map((i) => path.dirname(path.join(dir, i.stored))))) fsyncDir(sub);
  writeFileAtomic(path.join(dir, 'quarantine.json'), `${JSON.stringify(record, null, 2)}\n`);
}

export function listQuarantine(stateDir: string): Array<{ dir: string; record: QuarantineRecord }> {
  const root = quarantineRoot(stateDir);
  if (!existsSync(root)) return [];
  const out: Array<{ dir: string; record: QuarantineRecord }> = [];
  for (const name of readdirSync(root).sort().reverse()) {
    const file = path.join(root, name, 'quarantine.json');
    if (!existsSync(file)) continue;
    out.push({ dir: path.join(root, name), record: JSON.parse(readFileSync(file, 'utf8')) as QuarantineRecord });
  }
  return out;
}
