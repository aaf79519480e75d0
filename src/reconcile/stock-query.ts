// Expected stock, set-based: per SKU, the last stocktake count (or zero) plus every movement from
// the count's moment on, except the adjustment the count itself posted (same time, same ref).
// The mapping's queries are used as subqueries, read once in the table's order instead of one
// query per SKU (bench/lib/reconcile.js measures both). One call covers one range of SKUs, so workers can share
// the work.
import { prepareRead, readSql, type MappedDb } from './mapped-db.js';
import { round3 } from './model.js';

/** SKUs from `from` (inclusive) to `to` (exclusive); undefined is open-ended. */
export interface SkuRange {
  from?: string;
  to?: string;
}

export interface StockFacts {
  skus: number;
  movements: number;
  /** SKUs whose recorded stock is not what the counts and movements say. */
  distorted: Array<{ sku: string; expected: number; recorded: number; last_count_at: string | null }>;
}

/**
 * A counted SKU: recorded now, the movements after its count (recorded at count time is recorded
 * now less these), and those after the latest count time of the file (`until`).
 */
export interface CountedFacts {
  sku: string;
  recorded: number;
  after: number;
  after_until: number;
}

const EPSILON = 0.0005;

function rangeFilter(column: string, range: SkuRange): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (range.from !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range.to !== undefined) {
    parts.push(`${column} < ?`);
    params.push(range.to);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

export function stockFacts(m: MappedDb, range: SkuRange): StockFacts {
  const { db } = m;
  for (const name of ['movements', 'on_hand'] as const) prepareRead(m, name);
  const counts = readSql(m, 'counts');
  if (counts !== undefined) prepareRead(m, 'counts');
  const movements = readSql(m, 'movements')!;
  // Sorts and temporary tables stay in memory: the store's disk is not ours to fill.
  db.pragma('temp_store = MEMORY');
  db.exec(`DROP TABLE IF EXISTS temp.reconcile_last;
    CREATE TEMP TABLE reconcile_last (sku TEXT PRIMARY KEY, counted_qty REAL NOT NULL, at TEXT NOT NULL, ref TEXT) WITHOUT ROWID;`);
  const c = rangeFilter('sku', range);
  if (counts !== undefined) {
    // The latest count of each SKU (by time, then ref, a missing ref last) kept as the rows come:
    // ranking them with a window function sorts every count in memory first.
    db.prepare(`INSERT INTO temp.reconcile_last (sku, counted_qty, at, ref)
      SELECT sku, counted_qty, at, ref FROM (${counts}) WHERE at IS NOT NULL AND counted_qty IS NOT NULL AND ${c.sql}
      ON CONFLICT (sku) DO UPDATE SET counted_qty = excluded.counted_qty, at = excluded.at, ref = excluded.ref
      WHERE excluded.at > reconcile_last.at
        OR (excluded.at = reconcile_last.at AND excluded.ref IS NOT NULL AND (reconcile_last.ref IS NULL OR excluded.ref > reconcile_last.ref))`).run(...c.params);
  }
  const last = new Map((db.prepare('SELECT sku, counted_qty, at FROM temp.reconcile_last').raw().all() as Array<[string, number, string]>).map(([sku, qty, at]) => [sku, { qty, at }]));
  const expected = new Map<string, number>();
  for (const [sku, l] of last) expected.set(sku, l.qty);
  let total = 0;
  // Every movement, then taken back out what came before each SKU's last count (and the count's own
  // adjustment): in a store counted now and then few movements precede the last count.
  // The first pass reads the table in its own order and adds up here: following an index on the SKU
  // fetches the rows' pages in random order, which is fast only with the whole table in memory
  // (memory-mapped, over 2 GB of resident pages on a large store); a scan keeps to a small page
  // cache. The unary + keeps SQLite from turning the range filter back into an index walk.
  const f = rangeFilter('+m.sku', range);
  const all = db.prepare(`SELECT m.sku, m.qty_delta FROM (${movements}) AS m WHERE ${f.sql}`).raw().iterate(...f.params) as IterableIterator<[string, number]>;
  for (const [sku, delta] of all) {
    expected.set(sku, (expected.get(sku) ?? 0) + delta);
    total++;
  }
  const before = db.prepare(`SELECT l.sku, -total(m.qty_delta), -count(*) FROM temp.reconcile_last AS l
    JOIN (${movements}) AS m ON m.sku = l.sku AND m.at <= l.at AND (m.at < l.at OR m.ref IS l.ref)
    GROUP BY l.sku`).raw().iterate() as IterableIterator<[string, number, number]>;
  for (const [sku, delta, n] of before) {
    expected.set(sku, (expected.get(sku) ?? 0) + delta);
    total += n;
  }
  const o = rangeFilter('sku', range);
  const recorded = new Map(db.prepare(`SELECT sku, on_hand FROM (${readSql(m, 'on_hand')}) WHERE ${o.sql}`).raw().all(...o.params) as Array<[string, number]>);
  const distorted: StockFacts['distorted'] = [];
  const skus = new Set([...expected.keys(), ...recorded.keys()]);
  for (const sku of skus) {
    const e = round3(expected.get(sku) ?? 0);
    const r = round3(recorded.get(sku) ?? 0);
    if (Math.abs(e - r) > EPSILON) distorted.push({ sku, expected: e, recorded: r, last_count_at: last.get(sku)?.at ?? null });
  }
  return { skus: skus.size, movements: total, distorted };
}

/** The SKUs' movements after the moment each was counted; few SKUs, read along the SKU index. */
export function countedFacts(m: MappedDb, counted: ReadonlyArray<{ sku: string; at: string }>, until: string): CountedFacts[] {
  if (counted.length === 0) return [];
  const movements = readSql(m, 'movements')!;
  prepareRead(m, 'movements');
  m.db.pragma('temp_store = MEMORY');
  m.db.exec(`DROP TABLE IF EXISTS temp.reconcile_counted;
    CREATE TEMP TABLE reconcile_counted (sku TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;`);
  const insert = m.db.prepare('INSERT INTO temp.reconcile_counted (sku, at) VALUES (?, ?)');
  m.db.transaction(() => counted.forEach((c) => insert.run(c.sku, c.at)))();
  const rows = m.db.prepare(`SELECT c.sku, sum(m.qty_delta), sum(CASE WHEN m.at > ? THEN m.qty_delta ELSE 0 END) FROM temp.reconcile_counted AS c
    JOIN (${movements}) AS m ON m.sku = c.sku AND m.at > c.at GROUP BY c.sku`).raw().all(until) as Array<[string, number, number]>;
  const after = new Map(rows.map(([sku, a, u]) => [sku, { a, u }]));
  prepareRead(m, 'on_hand');
  const recorded = new Map(m.db.prepare(`SELECT sku, on_hand FROM (${readSql(m, 'on_hand')}) WHERE sku IN (SELECT sku FROM temp.reconcile_counted)`).raw().all() as Array<[string, number]>);
  return counted.map((c) => ({
    sku: c.sku, recorded: round3(recorded.get(c.sku) ?? 0), after: round3(after.get(c.sku)?.a ?? 0), after_until: round3(after.get(c.sku)?.u ?? 0),
  }));
}
