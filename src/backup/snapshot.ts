// A consistent copy of a live SQLite database while the store system keeps writing.
//
// SQLite's online backup restarts from the first page whenever another connection writes, so
// with default stepping it may never finish under a few sales a second (measured-facts.md).
// Holding a read transaction on the source connection pins one WAL snapshot: the copy then
// reads that snapshot page by page without restarting, writers carry on (WAL lets them), and
// the default small steps keep Node's event loop free between steps.
import Database from 'better-sqlite3';
import { failure, describeCause } from '../core/errors.js';

export interface SnapshotResult {
  pages: number;
  durationMs: number;
}

function openSource(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw failure('backup.databaseUnreadable', { file: path, problem: describeCause(err) }, { key: 'hint.databasePath' }, err);
  }
}

export async function snapshotDatabase(source: string, target: string, onProgress?: (done: number, total: number) => void): Promise<SnapshotResult> {
  const started = Date.now();
  const db = openSource(source);
  try {
    db.pragma('busy_timeout = 5000');
    try {
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      throw failure('backup.notADatabase', { file: source, problem: describeCause(err) }, { key: 'hint.databasePath' }, err);
    }
    let pages = 0;
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        onProgress?.(totalPages - remainingPages, totalPages);
        return 256;
      },
    });
    db.exec('COMMIT');
    return { pages, durationMs: Date.now() - started };
  } finally {
    db.close();
  }
}
