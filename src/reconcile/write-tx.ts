// One write transaction for everything --apply does: BEGIN IMMEDIATE takes the write lock up
// front (waiting up to busy_timeout for the store system's own short transactions), and any error
// rolls the whole transaction back, so a failure half-way leaves the database as it was. The guard
// (apply-guard.ts) starts its change record first thing inside and seals it to disk last thing
// before COMMIT.
import type Database from 'better-sqlite3';
import { StoreOpsError, describeCause, failure } from '../core/errors.js';
import type { ApplyGuard } from './apply-guard.js';

export function inWriteTransaction<T>(db: Database.Database, shown: string, guard: ApplyGuard, work: () => T): T {
  let result: T;
  try {
    result = db.transaction(() => {
      guard.begin(db);
      const done = work();
      guard.seal(db);
      return done;
    }).immediate();
  } catch (err) {
    guard.rolledBack();
    if (err instanceof StoreOpsError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY')) throw failure('reconcile.busy', { file: shown }, { key: 'hint.reconcileBusy' }, err);
    const hint = guard.kind === 'copy' ? { key: 'hint.reconcileRolledBack' as const, params: { dir: guard.dir ?? '' } } : { key: 'hint.reconcileRolledBackRecord' as const };
    throw failure('reconcile.applyFailed', { file: shown, problem: describeCause(err) }, hint, err);
  }
  // Outside the try: once COMMIT returned, the changes are in, whatever marking the record does.
  guard.committed();
  return result;
}
