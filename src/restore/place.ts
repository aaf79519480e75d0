// Putting restored files into place. Each replacement is one rename (atomic: a crash leaves the
// old file or the new one); across filesystems the new file is first copied beside the live one,
// fsynced, then renamed, with the owner, group and mode the staged file was given (a copy is
// the caller's otherwise). A database's -wal and -shm go before the new file arrives: an old WAL
// beside a new database would be replayed into it.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { databaseFacts } from '../backup/database-facts.js';
import type { Check } from '../backup/stage.js';
import { describeCause } from '../core/errors.js';
import { fsyncDir, fsyncFile } from '../core/atomic.js';
import { applyOwnership, ownershipOf } from './ownership.js';

export const COMPANIONS = ['-wal', '-shm', '-journal'];

export function placeFile(staged: string, live: string): void {
  // The new bytes must be on disk before the name points at them, or a power cut just after the
  // rename could leave an empty or partial file under the live name.
  fsyncFile(staged);
  try {
    renameSync(staged, live);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const beside = path.join(path.dirname(live), `.${path.basename(live)}.restoring-${process.pid}`);
    copyFileSync(staged, beside);
    applyOwnership(beside, ownershipOf(staged), live);
    fsyncFile(beside);
    renameSync(beside, live);
    rmSync(staged, { force: true });
  }
  fsyncDir(path.dirname(live));
}

/**
 * Folds a database's WAL into its main file, so the main file alone is its whole state before it
 * is replaced. A damaged database may refuse; it is then kept with its WAL as it is.
 */
export function settleWal(db: string): void {
  if (!existsSync(`${db}-wal`)) return;
  try {
    const conn = new Database(db, { fileMustExist: true, timeout: 0 });
    try {
      conn.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      conn.close();
    }
  } catch {
    // Nothing to do: quarantine keeps the WAL beside the file, and --undo puts both back.
  }
}

export function removeCompanions(db: string): void {
  for (const suffix of COMPANIONS) if (existsSync(db + suffix)) unlinkSync(db + suffix);
}

/**
 * The check of a live database after it was put in place. The file is the staged one renamed,
 * whose integrity_check already passed and whose bytes match the manifest, so quick_check (which
 * opens it where the store will and reads every page) is enough here; the full check would read
 * the same bytes again for half a minute on a 1 GB store (bench/results). A file that will not
 * open is a failed check, not a crash.
 */
export async function liveIntegrity(db: string, label: string): Promise<Check> {
  try {
    const facts = await databaseFacts(db, 'quick_check');
    return { check: label, ok: facts.check === 'ok', detail: facts.check };
  } catch (err) {
    return { check: label, ok: false, detail: describeCause(err) };
  }
}
