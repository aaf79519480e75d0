// The writes of a mapping tried without writing to the store: in an in-memory copy of the store
// database, one receipt, stocktake and movement written through the mapping's statements in a
// transaction that is rolled back. Preparing a statement (or EXPLAIN) finds only a missing table
// or column; running it finds what --apply would meet: NOT NULL, CHECK, a STRICT column's type, a
// trigger's RAISE, a RETURNING without id, a foreign key, and a write that looks up the store's
// own rows (OSPOS's sale line takes the item's cost from its items table). Up to COPY_LIMIT the
// copy holds every row; a larger database is copied as its schema alone (tables, indexes, views,
// triggers), where a lookup finds nothing, so foreign keys are checked at the end (deferred) and a
// row whose parent the copy lacks counts only when the store database lacks it too. The stock
// adjustment written is then read back through queries.movements: its ref (the stocktake's) must
// come back as written, or a count applied twice would post twice. The store file is only read.
import Database from 'better-sqlite3';
import { configError } from '../core/errors.js';
import { insertId, type MappedDb } from './mapped-db.js';
import { mappingWhere } from './mapping-where.js';
import type { WriteName } from './mapping.js';
import { quoteName } from './change-tables.js';

/**
 * Above this a whole copy in memory costs more than the check is worth (the image and the copy are
 * both held, on top of --apply's own memory): the schema alone is copied.
 */
const COPY_LIMIT = 64 * 1024 * 1024;

function storeCopy(store: Database.Database): Database.Database {
  const pages = store.pragma('page_count', { simple: true }) as number;
  const pageSize = store.pragma('page_size', { simple: true }) as number;
  if (pages * pageSize <= COPY_LIMIT) {
    const image = store.serialize();
    // A WAL database's header (bytes 18-19 = 2) makes its in-memory copy look for a -wal file and
    // refuse every write; marked as a rollback-journal database, the copy holds the same pages.
    image[18] = 1;
    image[19] = 1;
    const copy = new Database(image);
    copy.pragma('foreign_keys = ON');
    return copy;
  }
  const copy = new Database(':memory:');
  const objects = store.prepare(`SELECT sql FROM main.sqlite_master WHERE sql IS NOT NULL AND substr(name, 1, 7) <> 'sqlite_'
    ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid`).pluck().all() as string[];
  for (const sql of objects) {
    try {
      copy.exec(sql);
    } catch {
      // A virtual table's own shadow tables exist once it is made; a module this build lacks leaves
      // the table out, and a write to it then fails here as it would in --apply.
    }
  }
  copy.pragma('foreign_keys = ON');
  return copy;
}

interface Violation {
  table: string;
  rowid: number;
  parent: string;
  fkid: number;
}

/** Whether the store database has the parent row the copy lacks. */
function parentInStore(store: Database.Database, copy: Database.Database, v: Violation): boolean {
  const fk = copy.prepare('SELECT "from" AS child, "to" AS parent FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq').all(v.table, v.fkid) as Array<{ child: string; parent: string | null }>;
  const row = copy.prepare(`SELECT ${fk.map((c) => quoteName(c.child)).join(', ')} FROM ${quoteName(v.table)} WHERE rowid = ?`).raw().get(v.rowid) as unknown[] | undefined;
  if (!row) return true;
  const parentKey = fk.some((c) => c.parent === null)
    ? (store.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(v.parent) as string[])
    : fk.map((c) => c.parent!);
  if (parentKey.length !== row.length) return false;
  const where = parentKey.map((c) => `${quoteName(c)} = ?`).join(' AND ');
  try {
    return store.prepare(`SELECT 1 FROM main.${quoteName(v.parent)} WHERE ${where}`).get(...row) !== undefined;
  } catch {
    return false;
  }
}

const TRIAL_STOCKTAKE = 'ST-STORE-OPS-CHECK';

/**
 * The trial adjustment, read back through the mapping's own read: found by its stocktake's ref, or
 * a config error. (A sale's movement may keep its ref in the store system's own form, as OSPOS's
 * "POS 12" comments do: only the count's adjustments are found again by theirs.)
 */
function checkRefKept(m: MappedDb, copy: Database.Database): void {
  const sql = m.mapping.queries.movements;
  if (sql === undefined) return;
  let found: unknown;
  try {
    found = copy.prepare(`SELECT 1 FROM (${sql}) WHERE CAST(ref AS TEXT) = ?`).get(TRIAL_STOCKTAKE);
  } catch {
    // The read's own faults are the sample's to report (mapping-sample.ts), with its key.
    return;
  }
  if (found === undefined) {
    throw configError('mapping.refLost', { ...mappingWhere(m.mapping, 'writes.movement', m.cwd, m.shown), ref: TRIAL_STOCKTAKE, read: 'queries.movements' }, { key: 'hint.mapping' });
  }
}

export interface TrialValues {
  sku: string;
  price: number;
  at: string;
}

/** Runs each of `names` the mapping has, in order, in a rolled-back transaction on a copy of the store database; the first failure is a config error naming its key. */
export function tryWrites(m: MappedDb, names: readonly WriteName[], v: TrialValues): void {
  const copy = storeCopy(m.db);
  const statements = new Map<WriteName, Database.Statement>();
  const fail = (name: WriteName, problem: string) => configError('mapping.writeFailed', { ...mappingWhere(m.mapping, `writes.${name}`, m.cwd, m.shown), problem }, { key: 'hint.mapping' });
  for (const name of names) {
    const sql = m.mapping.writes[name];
    if (sql === undefined) continue;
    try {
      m.db.prepare(sql);
      statements.set(name, copy.prepare(sql));
    } catch (err) {
      throw fail(name, err instanceof Error ? err.message : String(err));
    }
    const stmt = statements.get(name)!;
    if (stmt.reader && !stmt.columns().some((c) => c.name === 'id')) throw fail(name, 'RETURNING must return a column named id');
  }
  // One sale and its return, with a line, a payment and the link; a movement and recorded stock; a
  // stocktake with a line. Parameters that take an earlier step's id are made when the step runs.
  const ids = new Map<string, unknown>();
  const id = (as: string) => ids.get(as) ?? 1;
  const steps: Array<[WriteName, () => void]> = [];
  const add = (name: WriteName, params: () => Record<string, unknown>, as?: string) => {
    const stmt = statements.get(name);
    if (stmt) steps.push([name, () => void (as ? ids.set(as, insertId(stmt, params())) : stmt.run(params()))]);
  };
  const sale = { register: 'STORE-OPS-CHECK', at: v.at, cashier: 'store-ops', source: 'reconcile:config check' };
  // Numbers no till gives yet, so a copy holding the store's rows has no receipt they clash with
  // (a system may key its sales by the number alone, as OSPOS does).
  add('sale', () => ({ ...sale, receipt_no: '987654321', kind: 'sale', total: v.price }), 'sale');
  add('sale', () => ({ ...sale, receipt_no: '987654322', kind: 'return', total: -v.price }), 'return');
  add('sale_line', () => ({ sale_id: id('sale'), line_no: 1, sku: v.sku, qty: 1, unit_price: v.price }));
  add('payment', () => ({ sale_id: id('sale'), method: 'cash', amount: v.price }));
  add('return_link', () => ({ sale_id: id('return'), original_sale_id: id('sale'), reason: 'reconcile:config check' }));
  add('movement', () => ({ sku: v.sku, qty_delta: -1, kind: 'sale', ref: 'STORE-OPS-CHECK/987654321', at: v.at, note: 'reconcile config check' }));
  add('movement', () => ({ sku: v.sku, qty_delta: 1, kind: 'adjustment', ref: TRIAL_STOCKTAKE, at: v.at, note: 'stocktake config check' }));
  add('on_hand', () => ({ sku: v.sku, qty_delta: -1, now: v.at }));
  add('stocktake', () => ({ ref: TRIAL_STOCKTAKE, at: v.at, scope: 'config check', taken_by: 'store-ops' }), 'stocktake');
  add('stocktake_line', () => ({ stocktake_id: id('stocktake'), sku: v.sku, counted_qty: 1, recorded_qty: 1 }));
  const seen = new Set<string>();
  copy.exec('BEGIN');
  try {
    copy.pragma('defer_foreign_keys = ON');
    for (const [name, run] of steps) {
      try {
        run();
      } catch (err) {
        throw fail(name, err instanceof Error ? err.message : String(err));
      }
      for (const violation of copy.pragma('foreign_key_check') as Violation[]) {
        const k = `${violation.table} ${violation.rowid} ${violation.fkid}`;
        if (seen.has(k)) continue;
        seen.add(k);
        if (!parentInStore(m.db, copy, violation)) throw fail(name, `FOREIGN KEY constraint failed (${violation.table} → ${violation.parent})`);
      }
    }
    if (statements.has('movement')) checkRefKept(m, copy);
  } finally {
    copy.exec('ROLLBACK');
    copy.close();
  }
}
