// What makes an --apply undoable: a change record written inside its transaction (the usual case,
// change-record.ts), or, for writes a record cannot follow, today's safety copy of the whole
// database taken before the transaction. Either way the quarantine folder's record says
// `prepared` before COMMIT and `swapped` after it.
import Database from 'better-sqlite3';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { openQuarantine, saveRecord, type QuarantineRecord } from '../restore/quarantine.js';
import { RECORD_FILE, sealRecord, startRecord, type TableCounts } from './change-record.js';
import { coverage, type TrackedTable, type Uncovered } from './change-tables.js';
import type { MappedDb } from './mapped-db.js';
import type { WriteName } from './mapping.js';
import { markWritten, safetyCopy } from './safety-copy.js';

export interface ApplyGuard {
  kind: 'changes' | 'copy';
  /** The quarantine folder; for a change record, known once the record is sealed. */
  dir: string | null;
  /** Why a change record could not be used (kind copy). */
  fallback: Uncovered | null;
  counts: TableCounts[];
  /** Inside the transaction, before the first write. */
  begin(db: Database.Database): void;
  /** Inside the transaction, after the last write: on disk before COMMIT. */
  seal(db: Database.Database): void;
  committed(): void;
  /** The transaction rolled back after the record was sealed. */
  rolledBack(): void;
}

export interface GuardOptions {
  stateDir: string;
  database: string;
  operator: string;
  command: string;
  writes: readonly WriteName[];
}

export async function guardApply(store: MappedDb, o: GuardOptions): Promise<ApplyGuard> {
  const covered = coverage(store, o.writes);
  if (!covered.ok) return copyGuard(o, { code: covered.code, subject: covered.subject });
  return recordGuard(o, covered.tables);
}

async function copyGuard(o: GuardOptions, reason: Uncovered): Promise<ApplyGuard> {
  const copy = await safetyCopy(o.stateDir, o.database, o.operator, o.command);
  return {
    kind: 'copy', dir: copy.dir, fallback: reason, counts: [],
    begin: () => undefined,
    seal: () => undefined,
    committed: () => markWritten(copy),
    rolledBack: () => undefined,
  };
}

function recordGuard(o: GuardOptions, tables: TrackedTable[]): ApplyGuard {
  let sealed: { dir: string; record: QuarantineRecord } | undefined;
  const mark = (state: QuarantineRecord['state']) => {
    if (!sealed) return;
    sealed.record.state = state;
    saveRecord(sealed.dir, sealed.record);
  };
  const guard: ApplyGuard = {
    kind: 'changes', dir: null, fallback: null, counts: [],
    begin: (db) => startRecord(db, tables),
    seal: (db) => {
      const q = openQuarantine(o.stateDir, 'reconcile', o.operator, o.command);
      const { bytes, counts } = sealRecord(db, tables, { apply: q.record.id, database: o.database, created: q.record.created });
      writeFileAtomic(path.join(q.dir, RECORD_FILE), bytes, { mode: 0o600 });
      q.record.changes = { file: RECORD_FILE, database: o.database, tables: counts };
      saveRecord(q.dir, q.record);
      sealed = q;
      guard.dir = q.dir;
      guard.counts = counts;
    },
    committed: () => mark('swapped'),
    rolledBack: () => mark('rolled_back'),
  };
  return guard;
}

/** What --apply reports about its record: a change record's counts per table, or why a copy was made instead. */
export interface GuardFacts {
  kind: 'change_record' | 'safety_copy';
  fallback: Uncovered | null;
  tables: TableCounts[];
}

export const guardFacts = (g: ApplyGuard): GuardFacts => ({ kind: g.kind === 'changes' ? 'change_record' : 'safety_copy', fallback: g.fallback, tables: g.counts });
