#!/usr/bin/env node
// The store system, as far as the bench needs it: a second process that commits sales into the
// store database at a steady rate while a backup runs, and records how long every commit took.
//
//   node bench/lib/writer.js STORE.db RESULT.json [RATE=20]
//
// Each sale is one transaction: a sales row on register BENCH-01 with a fresh receipt_no, 1–4
// sale_lines, a payment, a 'sale' stock movement per line and the matching stock updates. Commits
// are scheduled on a fixed grid (1/RATE s apart, no drift); latency is measured from BEGIN to the
// end of COMMIT. Prints "ready" on stdout after the first commit; on SIGTERM or SIGINT it stops,
// writes RESULT.json ({ rate, synchronous, commits: [[start_epoch_ms, latency_ms, lag_ms], ...] })
// and exits 0. synchronous follows $BENCH_SYNCHRONOUS (default FULL, SQLite's own default).
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';

const [file, resultFile, rateArg] = process.argv.slice(2);
if (!file || !resultFile) {
  console.error('usage: writer.js STORE.db RESULT.json [RATE]');
  process.exit(2);
}
const rate = Number(rateArg ?? 20);
const synchronous = process.env.BENCH_SYNCHRONOUS ?? 'FULL';

const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${synchronous}`);

const REGISTER = 'BENCH-01';
const products = db.prepare('SELECT sku, price FROM products').all();
if (products.length === 0) throw new Error(`${file}: no products`);
const last = db.prepare("SELECT max(CAST(receipt_no AS INTEGER)) AS n FROM sales WHERE register = ?").get(REGISTER).n ?? 0;
let receipt = last;

const insertSale = db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES (?, ?, ?, 'bench', 'sale', ?)");
const insertLine = db.prepare('INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (?, ?, ?, ?, ?)');
const insertPayment = db.prepare("INSERT INTO payments (sale_id, method, amount) VALUES (?, 'cash', ?)");
const insertMovement = db.prepare("INSERT INTO stock_movements (sku, qty_delta, kind, ref, at) VALUES (?, ?, 'sale', ?, ?)");
const updateStock = db.prepare('UPDATE stock SET on_hand = on_hand - ?, updated_at = ? WHERE sku = ?');

// Seeded so two runs sell the same things.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

/** The store's local time with its UTC offset, as the schema keeps it. */
function storeTime(d) {
  const t = new Date(d.getTime() + 8 * 3600_000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}

const sell = db.transaction(() => {
  receipt += 1;
  const receiptNo = String(receipt).padStart(6, '0');
  const at = storeTime(new Date());
  const lines = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < count; i++) {
    const p = products[Math.floor(rand() * products.length)];
    lines.push({ sku: p.sku, qty: 1 + Math.floor(rand() * 3), price: p.price });
  }
  const total = Math.round(lines.reduce((s, l) => s + l.qty * l.price, 0) * 100) / 100;
  const saleId = Number(insertSale.run(REGISTER, receiptNo, at, total).lastInsertRowid);
  const ref = `${REGISTER}/${receiptNo}`;
  lines.forEach((l, i) => {
    insertLine.run(saleId, i + 1, l.sku, l.qty, l.price);
    insertMovement.run(l.sku, -l.qty, ref, at);
    updateStock.run(l.qty, at, l.sku);
  });
  insertPayment.run(saleId, total);
});

const commits = [];
const errors = [];
const interval = 1000 / rate;
const origin = performance.now();
let n = 0;
let timer;
let stopped = false;

function tick() {
  if (stopped) return;
  const due = origin + n * interval;
  const start = performance.now();
  try {
    sell();
    commits.push([performance.timeOrigin + start, performance.now() - start, start - due]);
    if (commits.length === 1) process.stdout.write('ready\n');
  } catch (err) {
    errors.push(`${new Date().toISOString()} ${err.message}`);
  }
  n += 1;
  // Next slot on the grid: sales keep arriving while a commit is slow, so a late writer catches
  // up (back to back) rather than skipping them; lag_ms says how late each one started.
  timer = setTimeout(tick, Math.max(0, origin + n * interval - performance.now()));
}

function stop() {
  stopped = true;
  clearTimeout(timer);
  writeFileSync(resultFile, JSON.stringify({ rate, synchronous, register: REGISTER, first_receipt: last + 1, commits, errors }));
  db.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
tick();
