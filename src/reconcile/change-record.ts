// The change record of an --apply: instead of copying the whole store database first, TEMP
// triggers on every table the apply can write note, inside the write transaction, each row it
// touches: the rowid of a row it inserts, the whole old row the first time it updates or deletes
// one. Just before COMMIT the rows' values after the apply are added, the triggers dropped, and
// the TEMP database (which holds nothing else) is written as one SQLite file into the quarantine
// folder, fsynced, before the store's transaction commits. TEMP objects live only on this
// connection: the store system never sees them, and nothing of the store's schema changes.
import type Database from 'better-sqlite3';
import { quoteName, type TrackedTable } from './change-tables.js';

export const RECORD_FILE = 'changes.db';
export const changesTable = (n: number) => `store_ops_changes_${n}`;
export const META_TABLE = 'store_ops_meta';

export interface TableCounts {
  table: string;
  inserted: number;
  updated: number;
  deleted: number;
}

const before = (t: TrackedTable) => t.columns.map((_, i) => `b${i}`);
const after = (t: TrackedTable) => t.columns.map((_, i) => `a${i}`);

/** Inside the transaction, before the first write. */
export function startRecord(db: Database.Database, tables: readonly TrackedTable[]): void {
  for (const t of tables) {
    const c = `temp.${changesTable(t.n)}`;
    const on = `main.${quoteName(t.name)}`;
    const old = t.columns.map((col) => `old.${quoteName(col)}`).join(', ');
    // Columns without a type keep every value exactly as stored (integer, real, text, blob).
    db.exec(`CREATE TEMP TABLE ${changesTable(t.n)} (rid INTEGER PRIMARY KEY, had INTEGER NOT NULL, has INTEGER, ${[...before(t), ...after(t)].join(', ')})`);
    // INSERT OR IGNORE keeps the first note of a row: its state before the apply touched it.
    db.exec(`CREATE TEMP TRIGGER store_ops_ins_${t.n} AFTER INSERT ON ${on} BEGIN
      INSERT OR IGNORE INTO ${c} (rid, had) VALUES (new.${t.rowid}, 0); END`);
    db.exec(`CREATE TEMP TRIGGER store_ops_upd_${t.n} BEFORE UPDATE ON ${on} BEGIN
      INSERT OR IGNORE INTO ${c} (rid, had, ${before(t).join(', ')}) VALUES (old.${t.rowid}, 1, ${old}); END`);
    // An update that moves a row to another rowid leaves the old rowid empty (undone as a delete) and fills a new one (undone as an insert).
    db.exec(`CREATE TEMP TRIGGER store_ops_move_${t.n} AFTER UPDATE ON ${on} WHEN new.${t.rowid} IS NOT old.${t.rowid} BEGIN
      INSERT OR IGNORE INTO ${c} (rid, had) VALUES (new.${t.rowid}, 0); END`);
    db.exec(`CREATE TEMP TRIGGER store_ops_del_${t.n} BEFORE DELETE ON ${on} BEGIN
      INSERT OR IGNORE INTO ${c} (rid, had, ${before(t).join(', ')}) VALUES (old.${t.rowid}, 1, ${old}); END`);
  }
}

/**
 * Inside the transaction, after the last write: adds each touched row's values after the apply,
 * drops the triggers and returns the record as the bytes of a SQLite database, with the counts.
 */
export function sealRecord(db: Database.Database, tables: readonly TrackedTable[], meta: Record<string, string>): { bytes: Buffer; counts: TableCounts[] } {
  const counts: TableCounts[] = [];
  for (const t of tables) {
    for (const kind of ['ins', 'upd', 'move', 'del']) db.exec(`DROP TRIGGER temp.store_ops_${kind}_${t.n}`);
    const c = changesTable(t.n);
    const set = t.columns.map((col, i) => `a${i} = s.${quoteName(col)}`).join(', ');
    db.exec(`UPDATE temp.${c} AS c SET has = 1, ${set} FROM main.${quoteName(t.name)} AS s WHERE s.${t.rowid} = c.rid`);
    db.exec(`UPDATE temp.${c} SET has = 0 WHERE has IS NULL`);
    const n = db.prepare(`SELECT sum(had = 0 AND has = 1) AS inserted, sum(had = 1 AND has = 1) AS updated, sum(had = 1 AND has = 0) AS deleted FROM temp.${c}`).get() as Record<string, number | null>;
    counts.push({ table: t.name, inserted: n.inserted ?? 0, updated: n.updated ?? 0, deleted: n.deleted ?? 0 });
  }
  db.exec(`CREATE TEMP TABLE ${META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const put = db.prepare(`INSERT INTO temp.${META_TABLE} (key, value) VALUES (?, ?)`);
  for (const [k, v] of Object.entries({ ...meta, tables: JSON.stringify(tables) })) put.run(k, v);
  return { bytes: db.serialize({ attached: 'temp' }), counts };
}
