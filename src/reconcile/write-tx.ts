// One write transaction for everything --apply does: BEGIN IMMEDIATE takes the write lock up
// front (waiting up to busy_timeout for the store system's own short transactions), and any error
// rolls the whole transaction back, so a failure half-way leaves the database as it was.
import type Database from 'better-sqlite3';
import { StoreOpsError, describeCause, failure } from '../core/errors.js';

export function inWriteTransaction<T>(db: Database.Database, shown: string, quarantine: string, work: () => T): T {
  try {
    return db.transaction(work).immediate();
  } catch (err) {
    if (err instanceof StoreOpsError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY')) throw failure('reconcile.busy', { file: shown }, { key: 'hint.reconcileBusy' }, err);
    throw failure('reconcile.applyFailed', { file: shown, problem: describeCause(err) }, { key: 'hint.reconcileRolledBack', params: { dir: quarantine } }, err);
  }
}
