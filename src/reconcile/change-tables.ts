// Which tables an --apply can write, asked of SQLite itself: the mapping maps any store schema,
// so the tables come from the compiled write statements (EXPLAIN lists every b-tree a statement
// opens for writing, the store's own triggers' programs included), never from a list of names.
// A write a change record cannot follow (WITHOUT ROWID, a virtual table, another database, a
// REPLACE that deletes rows without firing delete triggers) means the safety copy instead.
import type { MappedDb } from './mapped-db.js';
import { parametersOf, type WriteName } from './mapping.js';

export interface TrackedTable {
  /** Its position in the record: the record's tables are changes_<n>. */
  n: number;
  name: string;
  /** Columns a row is rebuilt from (generated columns are left out: SQLite computes them). */
  columns: string[];
  /** A name for the true rowid that no column shadows. */
  rowid: string;
}

/** Why a change record cannot follow the writes; `subject` is the mapping key or the table. */
export interface Uncovered {
  code: 'replace' | 'virtual' | 'elsewhere' | 'unnamed' | 'system' | 'not_table' | 'without_rowid' | 'hidden_rowid';
  subject: string;
}

export type Coverage = { ok: true; tables: TrackedTable[] } | ({ ok: false } & Uncovered);

export const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

// Conflict resolution REPLACE deletes the old row without firing DELETE triggers (recursive_triggers
// is off, as the store system's own connections have it): the record would miss that row.
const REPLACE = /\b(or\s+replace|replace\s+into|on\s+conflict\s+replace)\b/i;
const withoutLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''");

export function coverage(store: MappedDb, names: readonly WriteName[]): Coverage {
  const db = store.db;
  const roots = new Map<number, { type: string; table: string }>();
  for (const r of db.prepare('SELECT type, tbl_name AS tbl, rootpage FROM main.sqlite_master WHERE rootpage > 0').all() as Array<{ type: string; tbl: string; rootpage: number }>) {
    roots.set(r.rootpage, { type: r.type, table: r.tbl });
  }
  const written = new Set<string>();
  for (const name of names) {
    const sql = store.mapping.writes[name];
    if (sql === undefined) continue;
    if (REPLACE.test(withoutLiterals(sql))) return { ok: false, code: 'replace', subject: `writes.${name}` };
    const params = Object.fromEntries(parametersOf(sql).map((p) => [p, null]));
    const program = db.prepare(`EXPLAIN ${sql}`).all(params) as Array<{ opcode: string; p2: number; p3: number }>;
    for (const op of program) {
      if (op.opcode === 'VUpdate') return { ok: false, code: 'virtual', subject: `writes.${name}` };
      if (op.opcode !== 'OpenWrite') continue;
      if (op.p3 !== 0) return { ok: false, code: 'elsewhere', subject: `writes.${name}` };
      const at = roots.get(op.p2);
      if (!at) return { ok: false, code: 'unnamed', subject: `writes.${name}` };
      written.add(at.table);
    }
  }
  const tables: TrackedTable[] = [];
  for (const name of [...written].sort()) {
    // An AUTOINCREMENT counter only ever grows; undo leaves it, so ids the apply used are not handed out again.
    if (name === 'sqlite_sequence') continue;
    if (name.startsWith('sqlite_')) return { ok: false, code: 'system', subject: name };
    const [info] = db.prepare('SELECT type, wr FROM pragma_table_list WHERE schema = ? AND name = ?').all('main', name) as Array<{ type: string; wr: number }>;
    if (!info || info.type !== 'table') return { ok: false, code: 'not_table', subject: name };
    if (info.wr) return { ok: false, code: 'without_rowid', subject: name };
    const declared = db.prepare("SELECT group_concat(sql, ';') FROM main.sqlite_master WHERE tbl_name = ? AND type IN ('table', 'trigger')").pluck().get(name) as string;
    if (REPLACE.test(withoutLiterals(declared))) return { ok: false, code: 'replace', subject: name };
    const all = (db.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(name) as Array<{ name: string; hidden: number }>);
    const rowid = ['rowid', 'oid', '_rowid_'].find((r) => !all.some((c) => c.name.toLowerCase() === r));
    if (!rowid) return { ok: false, code: 'hidden_rowid', subject: name };
    tables.push({ n: tables.length, name, columns: all.filter((c) => c.hidden === 0).map((c) => c.name), rowid });
  }
  return { ok: true, tables };
}
