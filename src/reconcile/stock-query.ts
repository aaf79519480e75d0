// Expected stock, set-based: per SKU, the last stocktake count (or zero) plus every movement from
// the count's moment on, except the adjustment the count itself posted (same time, same ref).
// The mapping's queries are used as subqueries, so SQLite does the work in one pass over the
// movements instead of one query per SKU (bench/lib/reconcile.js measures both).
import { prepareRead, readSql, type MappedDb } from './mapped-db.js';
import { round3 } from './model.js';

export interface StockFacts {
  skus: number;
  movements: number;
  /** SKUs whose recorded stock is not what the counts and movements say. */
  distorted: Array<{ sku: string; expected: number; recorded: number; last_count_at: string | null }>;
  /**
   * For each counted SKU: recorded now, the movements after its count (recorded at count time is
   * recorded now less these), and those after the latest count time of the file (`until`).
   */
  counted: Array<{ sku: string; recorded: number; after: number; after_until: number }>;
}

const EPSILON = 0.0005;

export function stockFacts(m: MappedDb, counted: ReadonlyArray<{ sku: string; at: string }>, until: string): StockFacts {
  const { db } = m;
  for (const name of ['movements', 'on_hand'] as const) prepareRead(m, name);
  const hasCounts = readSql(m, 'counts') !== undefined;
  if (hasCounts) prepareRead(m, 'counts');
  const movements = readSql(m, 'movements')!;
  // Big sorts and temporary tables stay in memory: the store's disk is not ours to fill.
  db.pragma('temp_store = MEMORY');
  db.exec(`DROP TABLE IF EXISTS temp.reconcile_last;
    CREATE TEMP TABLE reconcile_last (sku TEXT PRIMARY KEY, counted_qty REAL NOT NULL, at TEXT NOT NULL, ref TEXT) WITHOUT ROWID;`);
  if (hasCounts) {
    db.exec(`INSERT INTO temp.reconcile_last (sku, counted_qty, at, ref)
      SELECT sku, counted_qty, at, ref FROM (
        SELECT sku, counted_qty, at, ref, row_number() OVER (PARTITION BY sku ORDER BY at DESC, ref DESC) AS rn FROM (${readSql(m, 'counts')})
      ) WHERE rn = 1`);
  }
  const last = new Map((db.prepare('SELECT sku, counted_qty, at FROM temp.reconcile_last').raw().all() as Array<[string, number, string]>).map(([sku, qty, at]) => [sku, { qty, at }]));
  const expected = new Map<string, number>();
  for (const [sku, l] of last) expected.set(sku, l.qty);
  let total = 0;
  const moved = db.prepare(`SELECT m.sku, sum(m.qty_delta), count(*) FROM (${movements}) AS m
    LEFT JOIN temp.reconcile_last AS l ON l.sku = m.sku
    WHERE l.sku IS NULL OR m.at > l.at OR (m.at = l.at AND m.ref IS NOT l.ref)
    GROUP BY +m.sku`).raw();
  for (const [sku, delta, n] of moved.iterate() as IterableIterator<[string, number, number]>) {
    expected.set(sku, (expected.get(sku) ?? 0) + delta);
    total += n;
  }
  const recorded = new Map(prepareRead(m, 'on_hand').raw().all() as Array<[string, number]>);
  const distorted: StockFacts['distorted'] = [];
  for (const sku of new Set([...expected.keys(), ...recorded.keys()])) {
    const e = round3(expected.get(sku) ?? 0);
    const r = round3(recorded.get(sku) ?? 0);
    if (Math.abs(e - r) > EPSILON) distorted.push({ sku, expected: e, recorded: r, last_count_at: last.get(sku)?.at ?? null });
  }
  return { skus: new Set([...expected.keys(), ...recorded.keys()]).size, movements: total, distorted, counted: afterCount(m, movements, counted, until, recorded) };
}

function afterCount(m: MappedDb, movements: string, counted: ReadonlyArray<{ sku: string; at: string }>, until: string, recorded: ReadonlyMap<string, number>): StockFacts['counted'] {
  if (counted.length === 0) return [];
  m.db.exec(`DROP TABLE IF EXISTS temp.reconcile_counted;
    CREATE TEMP TABLE reconcile_counted (sku TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;`);
  const insert = m.db.prepare('INSERT INTO temp.reconcile_counted (sku, at) VALUES (?, ?)');
  m.db.transaction(() => counted.forEach((c) => insert.run(c.sku, c.at)))();
  const rows = m.db.prepare(`SELECT c.sku, sum(m.qty_delta), sum(CASE WHEN m.at > ? THEN m.qty_delta ELSE 0 END) FROM temp.reconcile_counted AS c
    JOIN (${movements}) AS m ON m.sku = c.sku AND m.at > c.at GROUP BY c.sku`).raw().all(until) as Array<[string, number, number]>;
  const after = new Map(rows.map(([sku, a, u]) => [sku, { a, u }]));
  return counted.map((c) => ({
    sku: c.sku, recorded: round3(recorded.get(c.sku) ?? 0), after: round3(after.get(c.sku)?.a ?? 0), after_until: round3(after.get(c.sku)?.u ?? 0),
  }));
}
