#!/usr/bin/env node
// The naive way to check stock, for the reconcile bench to compare against: one query per SKU,
// as a loop over the products would be written. It uses the reference schema's index on
// (sku, at) and reads the last counts in one query first (asking for them per SKU, with no index
// on stocktake_lines.sku, would take hours). Prints {"skus", "distorted": [sku…]} on stdout.
//   node bench/lib/naive-stock.js STORE.db
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const skus = db.prepare('SELECT sku FROM products ORDER BY sku').pluck().all();
const counts = new Map();
for (const c of db.prepare('SELECT l.sku, l.counted_qty AS qty, s.taken_at AS at, s.ref FROM stocktake_lines l JOIN stocktakes s ON s.id = l.stocktake_id ORDER BY s.taken_at, s.ref').iterate()) {
  counts.set(c.sku, c);
}
const since = db.prepare('SELECT total(qty_delta) FROM stock_movements WHERE sku = ? AND (at > ? OR (at = ? AND ref IS NOT ?))').pluck();
const all = db.prepare('SELECT total(qty_delta) FROM stock_movements WHERE sku = ?').pluck();
const onHand = db.prepare('SELECT on_hand FROM stock WHERE sku = ?').pluck();
const distorted = [];
for (const sku of skus) {
  const c = counts.get(sku);
  const expected = c ? c.qty + since.get(sku, c.at, c.at, c.ref) : all.get(sku);
  if (Math.abs(Math.round(((onHand.get(sku) ?? 0) - expected) * 1000) / 1000) > 0.0005) distorted.push(sku);
}
db.close();
process.stdout.write(`${JSON.stringify({ skus: skus.length, distorted })}\n`);
