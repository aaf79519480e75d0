// reconcile undo [ID]: reverses a reconcile --apply from its change record, in one transaction
// under the store lock, keeping whatever the store did since (undo-rows.ts). The record stays in
// its quarantine folder, marked undone, so the rows the apply entered are still on file. A record
// still `prepared` belongs to an apply that was stopped around its COMMIT: if the rows it inserted
// are not in the store, that COMMIT never happened and there is nothing to undo. A `swapped` record
// whose inserted rows are all gone (an undo killed before it marked the record, a restore since)
// is refused: its deltas must not be taken back twice.
import Database from 'better-sqlite3';
import path from 'node:path';
import { acquireLock, type LockOwner } from '../backup/lock.js';
import type { StoreConfig } from '../core/config/load.js';
import { StoreOpsError, describeCause, failure, usageError } from '../core/errors.js';
import { saveRecord } from '../restore/quarantine.js';
import { META_TABLE } from './change-record.js';
import type { TrackedTable } from './change-tables.js';
import { pickApply } from './undo-pick.js';
import { RECORD_SCHEMA, childrenFirst, removedTable, stillReferred } from './undo-references.js';
import { insertedRowsPresent, undoTable, type LeftRow, type TableUndone } from './undo-rows.js';

export interface UndoOutcome {
  id: string;
  /** The apply's command (reconcile sales / reconcile stock). */
  command: string;
  database: string;
  quarantine: string;
  /** undone: reversed now; never_committed: the apply's transaction never committed, nothing to undo. */
  outcome: 'undone' | 'never_committed';
  tables: TableUndone[];
  left: LeftRow[];
  lock_taken_over: LockOwner | null;
}

function readRecord(file: string): { db: Database.Database; tables: TrackedTable[] } {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const tables = JSON.parse(db.prepare(`SELECT value FROM ${META_TABLE} WHERE key = 'tables'`).pluck().get() as string) as TrackedTable[];
    return { db, tables };
  } catch (err) {
    throw failure('reconcile.undoRecordUnreadable', { file, problem: describeCause(err) });
  }
}

export function undoApply(config: StoreConfig, id: string | undefined): UndoOutcome {
  // The same lock as every writer: a restore swapping the database, or an --apply, must not run in between.
  const lock = acquireLock(config.state_dir, 'store', 'reconcile-undo');
  try {
    const { dir, record } = pickApply(config.state_dir, id);
    const { database } = record.changes;
    const shown = path.basename(database);
    // The database comes from today's config, never from the record alone.
    if (!config.databases.some((d) => d.path === database)) throw usageError('reconcile.undoWrongDatabase', { id: record.id, database });
    const base = { id: record.id, command: record.source, database, quarantine: dir, tables: [] as TableUndone[], left: [] as LeftRow[], lock_taken_over: lock.takenOver ?? null };
    if (record.state === 'rolled_back') return { ...base, outcome: 'never_committed' };
    const rec = readRecord(path.join(dir, record.changes.file));
    let store: Database.Database;
    try {
      store = new Database(database, { fileMustExist: true });
      store.pragma('busy_timeout = 5000');
      // Removing 100 000s of rows touches index pages all over the file: keep them in memory, not spilt mid-transaction (64 MB, as the apply has).
      store.pragma('cache_size = -65536');
      // Foreign keys are looked after by undo-references.ts, once per key instead of once per row.
      store.pragma('foreign_keys = OFF');
      store.prepare(`ATTACH DATABASE ? AS ${RECORD_SCHEMA}`).run(path.join(dir, record.changes.file));
    } catch (err) {
      rec.db.close();
      throw failure('reconcile.databaseUnreadable', { file: shown, problem: describeCause(err) }, { key: 'hint.databasePath' }, err);
    }
    try {
      const result = store.transaction(() => {
        const seen = rec.tables.map((t) => insertedRowsPresent(store, rec.db, t)).filter((x) => x !== undefined);
        if (seen.length === 0 && record.state === 'prepared') throw failure('reconcile.undoUndecided', { id: record.id, file: shown });
        if (seen.length > 0 && !seen.includes(true)) {
          if (record.state === 'prepared') return 'never_committed' as const;
          // Taking the numbers back a second time would count the apply's deltas twice.
          throw failure('reconcile.undoGone', { id: record.id, file: shown });
        }
        for (const t of rec.tables) store.exec(`CREATE TEMP TABLE ${removedTable(t.n)} (rid INTEGER PRIMARY KEY)`);
        for (const t of childrenFirst(store, rec.tables)) {
          base.tables.push(undoTable(store, rec.db, t, stillReferred(store, t, rec.tables), removedTable(t.n), base.left));
        }
        base.tables.sort((a, b) => a.table.localeCompare(b.table));
        return 'undone' as const;
      }).immediate();
      record.state = result === 'undone' ? 'undone' : 'rolled_back';
      if (result === 'undone') record.changes.undone_at = new Date().toISOString();
      saveRecord(dir, record);
      return { ...base, outcome: result };
    } catch (err) {
      if (err instanceof StoreOpsError) throw err;
      if (((err as { code?: string }).code ?? '').startsWith('SQLITE_BUSY')) throw failure('reconcile.busy', { file: shown }, { key: 'hint.reconcileBusy' }, err);
      throw failure('reconcile.undoFailed', { id: record.id, file: shown, problem: describeCause(err) }, { key: 'hint.reconcileRolledBackRecord' }, err);
    } finally {
      store.close();
      rec.db.close();
    }
  } finally {
    lock.release();
  }
}
