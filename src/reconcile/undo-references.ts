// Foreign keys during reconcile undo. SQLite would check every removed row against each table
// that refers to it, scanning a referring column that has no index once per row (the reference
// schema's returns.original_sale_id: 13 s for 40 000 receipts on the large demo). Undo instead
// turns enforcement off and asks once per foreign key, as a join, which rows the apply entered are
// still referred to by a row that stays; those rows stay too, and are reported.
import type Database from 'better-sqlite3';
import { changesTable } from './change-record.js';
import { quoteName, type TrackedTable } from './change-tables.js';

export const RECORD_SCHEMA = 'store_ops_record';
export const removedTable = (n: number) => `store_ops_removed_${n}`;

interface Reference {
  child: string;
  /** Referring columns in the child, and the columns they refer to in the parent. */
  from: string[];
  to: string[];
}

function referencesTo(store: Database.Database, parent: TrackedTable): Reference[] {
  const tables = store.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const key = (store.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(parent.name) as string[]);
  const out: Reference[] = [];
  for (const child of tables) {
    const rows = store.prepare('SELECT id, "table" AS parent, "from" AS col, "to" AS ref FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(child) as Array<{ id: number; parent: string; col: string; ref: string | null }>;
    const byId = new Map<number, Reference>();
    for (const r of rows.filter((x) => x.parent.toLowerCase() === parent.name.toLowerCase())) {
      const ref = byId.get(r.id) ?? { child, from: [], to: [] };
      ref.from.push(r.col);
      ref.to.push(r.ref ?? key[ref.from.length - 1]!);
      byId.set(r.id, ref);
    }
    out.push(...byId.values());
  }
  return out;
}

/** The parent tables after the tables that refer to them, so a row's referrers are settled before it is. */
export function childrenFirst(store: Database.Database, tables: readonly TrackedTable[]): TrackedTable[] {
  const children = new Map(tables.map((t) => [t.name, new Set(referencesTo(store, t).map((r) => r.child).filter((c) => c !== t.name))]));
  const done: TrackedTable[] = [];
  const left = [...tables];
  while (left.length > 0) {
    const ready = left.findIndex((t) => [...children.get(t.name)!].every((c) => !left.some((l) => l.name === c)));
    // A cycle of references: any order is as good, the join below still keeps every referred-to row.
    done.push(...left.splice(ready < 0 ? 0 : ready, 1));
  }
  return done;
}

/** Rowids of the rows the apply inserted into `t` that a row staying in the store still refers to. */
export function stillReferred(store: Database.Database, t: TrackedTable, tables: readonly TrackedTable[]): Set<bigint> {
  const referred = new Set<bigint>();
  for (const ref of referencesTo(store, t)) {
    const at = ref.to.map((col) => t.columns.findIndex((c) => c.toLowerCase() === col.toLowerCase()));
    const tracked = tables.find((x) => x.name === ref.child);
    const staying = tracked ? ` AND ch.${tracked.rowid} NOT IN (SELECT rid FROM temp.${removedTable(tracked.n)})` : '';
    const inserted = `${RECORD_SCHEMA}.${changesTable(t.n)} AS p`;
    // A key this record does not hold (a column it leaves out): every row the apply entered counts as referred to.
    const sql = at.some((i) => i < 0)
      ? `SELECT p.rid FROM ${inserted} WHERE p.had = 0 AND p.has = 1`
      : `SELECT DISTINCT p.rid FROM ${inserted} JOIN main.${quoteName(ref.child)} AS ch ON ${ref.from.map((col, i) => `ch.${quoteName(col)} = p.a${at[i]}`).join(' AND ')} WHERE p.had = 0 AND p.has = 1${staying}`;
    for (const rid of store.prepare(sql).pluck().safeIntegers().iterate() as IterableIterator<bigint>) referred.add(rid);
  }
  return referred;
}
