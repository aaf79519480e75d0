// Expected stock: per SKU, the last stocktake count (or zero) plus every movement from the
// count's moment on, except the adjustment the count itself posted (same time, same ref). Every
// value is normalized as it is read (normalize.ts): an integer SKU 60 in the movements and the
// text "60" in the counts are one SKU, and times are compared as moments, not as text. The
// mapping's queries are read once each, in the table's order, instead of one query per SKU
// (bench/lib/reconcile.js measures both). One call covers one range of SKUs, so workers can share
// the work.
import { prepareRead, readSql, type MappedDb } from './mapped-db.js';
import { skuSet, skuSql, type CountTime, type LocalTimes, type Normalizer } from './normalize.js';
import { formatStoreTime } from './store-time.js';

/** SKUs from `from` (inclusive) to `to` (exclusive), as canonical text in SQLite's order; undefined is open-ended. */
export interface SkuRange {
  from?: string;
  to?: string;
}

export interface StockFacts {
  skus: number;
  movements: number;
  /** SKUs whose recorded stock is not what the counts and movements say. */
  distorted: Array<{ sku: string; expected: number; recorded: number; last_count_at: string | null }>;
  localTimes: LocalTimes | undefined;
}

/**
 * A counted SKU: recorded now, the movements after its count (recorded at count time is recorded
 * now less these), and those after the latest count time of the file (`until`). Neither includes
 * the adjustments this count posted itself (its stocktake's ref), so a count applied once reads
 * as matching the second time, whatever time each of its rows was counted at.
 */
export interface CountedFacts {
  sku: string;
  recorded: number;
  after: number;
  after_until: number;
}

/** The SQL filter for a range of SKUs; rows without a SKU go to the first range, to be refused there. */
function rangeFilter(column: string, range: SkuRange): { sql: string; params: string[] } {
  const sku = skuSql(column);
  const parts: string[] = [];
  const params: string[] = [];
  if (range.from !== undefined) {
    parts.push(`${sku} >= ?`);
    params.push(range.from);
  }
  if (range.to !== undefined) {
    parts.push(range.from === undefined ? `(${sku} < ? OR ${sku} IS NULL)` : `${sku} < ?`);
    params.push(range.to);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

interface LastCount { milli: number; time: CountTime; ref: string | null }

export function stockFacts(m: MappedDb, range: SkuRange, n: Normalizer): StockFacts {
  const { db } = m;
  for (const name of ['movements', 'on_hand'] as const) prepareRead(m, name);
  const counts = readSql(m, 'counts');
  if (counts !== undefined) prepareRead(m, 'counts');
  // Sorts stay in memory: the store's disk is not ours to fill.
  db.pragma('temp_store = MEMORY');
  // The latest count of each SKU: by time, then ref, a missing ref last. A count row without a
  // quantity or a time is a stocktake line not filled in yet, not a count.
  const last = new Map<string, LastCount>();
  if (counts !== undefined) {
    const c = rangeFilter('sku', range);
    const rows = db.prepare(`SELECT sku, counted_qty, at, ref FROM (${counts}) WHERE at IS NOT NULL AND counted_qty IS NOT NULL AND ${c.sql}`).raw().iterate(...c.params) as IterableIterator<unknown[]>;
    for (const [sku, qty, at, ref] of rows) {
      const s = n.sku('counts', sku);
      const time = n.countTime('counts', 'at', at);
      const count: LastCount = { milli: n.milli('counts', 'counted_qty', qty), time, ref: n.ref('counts', 'ref', ref) };
      const seen = last.get(s);
      if (!seen || time.ms > seen.time.ms || (time.ms === seen.time.ms && count.ref !== null && (seen.ref === null || count.ref > seen.ref))) last.set(s, count);
    }
  }
  // In thousandths, as whole numbers: a sum of a million float quantities drifts.
  const expected = new Map<string, number>();
  for (const [sku, l] of last) expected.set(sku, l.milli);
  let total = 0;
  // One pass over the movements in the table's own order: following an index on the SKU fetches
  // the rows' pages in random order, which is fast only with the whole table in memory
  // (memory-mapped, over 2 GB of resident pages on a large store); a scan keeps to a small page
  // cache. The filter on the canonical SKU is an expression, so SQLite does not turn it into an
  // index walk either.
  const f = rangeFilter('m.sku', range);
  const all = db.prepare(`SELECT m.sku, m.qty_delta, m.ref, m.at FROM (${readSql(m, 'movements')}) AS m WHERE ${f.sql}`).raw().iterate(...f.params) as IterableIterator<unknown[]>;
  for (const [sku, delta, ref, at] of all) {
    const s = n.sku('movements', sku);
    const milli = n.milli('movements', 'qty_delta', delta);
    const l = last.get(s);
    if (l) {
      // Only a counted SKU's movements need their time: the rest all count.
      const when = n.compareTime('movements', 'at', at, l.time);
      if (when < 0 || (when === 0 && n.ref('movements', 'ref', ref) === l.ref)) continue;
    }
    expected.set(s, (expected.get(s) ?? 0) + milli);
    total++;
  }
  const recorded = readOnHand(m, n, rangeFilter('sku', range));
  const distorted: StockFacts['distorted'] = [];
  const skus = new Set([...expected.keys(), ...recorded.keys()]);
  for (const sku of skus) {
    const e = expected.get(sku) ?? 0;
    const r = recorded.get(sku) ?? 0;
    if (e === r) continue;
    const l = last.get(sku);
    distorted.push({ sku, expected: e / 1000, recorded: r / 1000, last_count_at: l ? formatStoreTime(l.time.ms, n.timeZone) : null });
  }
  return { skus: skus.size, movements: total, distorted, localTimes: n.localTimes };
}

/** Recorded stock per SKU in thousandths; two rows for one SKU (60 and "60") add up. */
function readOnHand(m: MappedDb, n: Normalizer, filter: { sql: string; params: unknown[] }): Map<string, number> {
  const out = new Map<string, number>();
  const rows = m.db.prepare(`SELECT sku, on_hand FROM (${readSql(m, 'on_hand')}) WHERE ${filter.sql}`).raw().iterate(...filter.params) as IterableIterator<unknown[]>;
  for (const [sku, qty] of rows) {
    const s = n.sku('on_hand', sku);
    out.set(s, (out.get(s) ?? 0) + n.milli('on_hand', 'on_hand', qty));
  }
  return out;
}

export interface CountedRead {
  facts: CountedFacts[];
  /** The count's own stocktake is in the database already: it was applied before. */
  applied: boolean;
}

/**
 * The SKUs' movements after the moment each was counted, leaving out the adjustments of the
 * stocktake `ownRef`; few SKUs, read along the SKU index.
 */
export function countedFacts(m: MappedDb, n: Normalizer, counted: ReadonlyArray<{ sku: string; atMs: number }>, untilMs: number, ownRef: string): CountedRead {
  prepareRead(m, 'movements');
  prepareRead(m, 'on_hand');
  const counts = readSql(m, 'counts');
  if (counts !== undefined) prepareRead(m, 'counts');
  const applied = counts !== undefined && m.db.prepare(`SELECT 1 FROM (${counts}) WHERE ref = ? LIMIT 1`).get(ownRef) !== undefined;
  if (counted.length === 0) return { facts: [], applied };
  const bySku = new Map(counted.map((c) => [c.sku, { sku: c.sku, time: n.momentTime(c.atMs), after: 0, afterUntil: 0 }]));
  const until = n.momentTime(untilMs);
  const wanted = skuSet(m, 'reconcile_counted', bySku.keys());
  let ownSeen = false;
  const rows = m.db.prepare(`SELECT sku, qty_delta, ref, at FROM (${readSql(m, 'movements')}) WHERE sku IN ${wanted}`).raw().iterate() as IterableIterator<unknown[]>;
  for (const [sku, delta, ref, at] of rows) {
    // SQLite's type conversions may let a near-namesake through ("060" for 60): the canonical text decides.
    const c = bySku.get(n.sku('movements', sku));
    if (!c) continue;
    if (n.ref('movements', 'ref', ref) === ownRef) {
      ownSeen = true;
      continue;
    }
    const milli = n.milli('movements', 'qty_delta', delta);
    if (n.compareTime('movements', 'at', at, c.time) > 0) c.after += milli;
    if (n.compareTime('movements', 'at', at, until) > 0) c.afterUntil += milli;
  }
  const recorded = readOnHand(m, n, { sql: `sku IN ${wanted}`, params: [] });
  const facts = [...bySku.values()].map((c) => ({ sku: c.sku, recorded: (recorded.get(c.sku) ?? 0) / 1000, after: c.after / 1000, after_until: c.afterUntil / 1000 }));
  return { facts, applied: applied || ownSeen };
}
