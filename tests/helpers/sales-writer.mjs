// The store system, as far as a backup test needs it: a separate process that keeps committing
// sales (with their lines, movements and stock updates) into the store database, and reports
// how many it committed and its slowest commit when told to stop (SIGTERM).
import Database from 'better-sqlite3';

const [file, intervalArg] = process.argv.slice(2);
const interval = Number(intervalArg ?? '20');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const skus = db.prepare('SELECT sku, price FROM products LIMIT 50').all();
const insertSale = db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES ('TEST-01', ?, ?, 'c99', 'sale', ?)");
const insertLine = db.prepare('INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (?, 1, ?, 1, ?)');
const insertMove = db.prepare("INSERT INTO stock_movements (sku, qty_delta, kind, ref, at) VALUES (?, -1, 'sale', ?, ?)");
const updateStock = db.prepare('UPDATE stock SET on_hand = on_hand - 1, updated_at = ? WHERE sku = ?');
const sell = db.transaction((n) => {
  const p = skus[n % skus.length];
  const at = new Date().toISOString();
  const id = insertSale.run(String(n).padStart(8, '0'), at, p.price).lastInsertRowid;
  insertLine.run(id, p.sku, p.price);
  insertMove.run(p.sku, `TEST-01/${n}`, at);
  updateStock.run(at, p.sku);
});
let n = 0;
let slowest = 0;
const timer = setInterval(() => {
  const t = performance.now();
  sell(++n);
  slowest = Math.max(slowest, performance.now() - t);
  if (n === 1) process.stdout.write('started\n');
}, interval);
process.on('SIGTERM', () => {
  clearInterval(timer);
  db.close();
  process.stdout.write(`${JSON.stringify({ commits: n, slowest_ms: slowest })}\n`);
  process.exit(0);
});
