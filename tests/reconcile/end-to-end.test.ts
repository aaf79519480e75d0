// The day this was built for, from a fresh demo store: a nightly backup; the store keeps selling
// (the registers journal every sale, the database takes some before it breaks); the database is
// restored from the backup, losing those; reconcile sales --apply puts back everything the
// journals hold, exactly once, and stock on hand agrees with the movements again.
import Database from 'better-sqlite3';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { json, makeShop, query, type Shop } from './store-fixture.js';

const tmp = tempDir();
let shop: Shop;
afterAll(tmp.cleanup);

interface Sale { register: string; receipt_no: string; at: string; lines: Array<{ sku: string; qty: number; unit_price: number }>; total: number }

/** Sales after the backup: every one journaled, the first `inDatabase` also committed by the store system. */
function sellAfterBackup(s: Shop, count: number, inDatabase: number): Sale[] {
  const products = query<{ sku: string; price: number }>(s.db, "SELECT p.sku, p.price FROM products p JOIN stock k ON k.sku = p.sku WHERE p.unit <> 'kg' AND k.on_hand > 20 ORDER BY p.sku LIMIT 40");
  const sales: Sale[] = [];
  for (let i = 0; i < count; i++) {
    const lines = [products[i % 40]!, products[(i * 7 + 3) % 40]!].map((p, k) => ({ sku: p.sku, qty: k + 1, unit_price: p.price }));
    const total = Math.round(lines.reduce((t, l) => t + l.qty * l.unit_price, 0) * 100) / 100;
    const register = `POS-0${(i % 3) + 1}`;
    sales.push({ register, receipt_no: String(5000 + i).padStart(6, '0'), at: `2026-11-21T21:${String(10 + i).padStart(2, '0')}:00+08:00`, lines, total });
  }
  const db = new Database(s.db);
  const sale = db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES (?, ?, ?, 'c99', 'sale', ?)");
  const line = db.prepare('INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (?, ?, ?, ?, ?)');
  const move = db.prepare("INSERT INTO stock_movements (sku, qty_delta, kind, ref, at) VALUES (?, ?, 'sale', ?, ?)");
  const stock = db.prepare('UPDATE stock SET on_hand = on_hand - ? WHERE sku = ?');
  db.transaction(() => {
    for (const x of sales.slice(0, inDatabase)) {
      const id = sale.run(x.register, x.receipt_no, x.at, x.total).lastInsertRowid;
      x.lines.forEach((l, i) => {
        line.run(id, i + 1, l.sku, l.qty, l.unit_price);
        move.run(l.sku, -l.qty, `${x.register}/${x.receipt_no}`, x.at);
        stock.run(l.qty, l.sku);
      });
    }
  })();
  db.close();
  for (const x of sales) {
    appendFileSync(path.join(s.dir, 'journals', `register-${x.register.slice(4)}.jsonl`), `${JSON.stringify({ ...x, cashier: 'c99', kind: 'sale', payments: [{ method: 'cash', amount: x.total }] })}\n`);
  }
  return sales;
}

/** Every receipt the journals hold that is a whole JSON line. */
function journalKeys(s: Shop): string[] {
  const keys: string[] = [];
  for (const f of readdirSync(path.join(s.dir, 'journals'))) {
    for (const raw of readFileSync(path.join(s.dir, 'journals', f), 'utf8').split('\n')) {
      try {
        const j = JSON.parse(raw) as { register: string; receipt_no: string };
        keys.push(`${j.register}/${j.receipt_no}`);
      } catch {
        // the planted cut-short line: not a receipt
      }
    }
  }
  return [...new Set(keys)];
}

beforeAll(async () => {
  shop = await makeShop(tmp.dir);
});

describe('demo → backup → more sales → restore → reconcile sales --apply', () => {
  let sold: Sale[];

  it('the backup is taken, the store sells on, and the restore loses what the database took after the backup', async () => {
    expect((await shop.cli(['backup', 'run'])).code).toBe(0);
    sold = sellAfterBackup(shop, 30, 12);
    expect(query(shop.db, "SELECT count(*) AS n FROM sales WHERE cashier = 'c99'")).toEqual([{ n: 12 }]);
    const r = await shop.cli(['restore', '--latest', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`store-ops --config ${shop.dir}/store-ops.yaml reconcile sales`);
    expect(query(shop.db, "SELECT count(*) AS n FROM sales WHERE cashier = 'c99'")).toEqual([{ n: 0 }]);
  });

  it('reconcile sales --apply puts every journal receipt in the database exactly once', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.apply.receipts).toBe(shop.planted.journal.journal_only_receipts + sold.length);
    const keys = journalKeys(shop);
    const inDb = new Map(query<{ key: string; n: number }>(shop.db, "SELECT register || '/' || receipt_no AS key, count(*) AS n FROM sales GROUP BY 1").map((x) => [x.key, x.n]));
    expect(keys.filter((k) => inDb.get(k) !== 1)).toEqual([]);
    for (const x of sold) {
      const moves = query<{ n: number }>(shop.db, 'SELECT count(*) AS n FROM stock_movements WHERE ref = ?', `${x.register}/${x.receipt_no}`);
      expect(moves).toEqual([{ n: x.lines.length }]);
    }
    const again = json(await shop.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(again.apply.receipts).toBe(0);
    expect(again.total.receipts.missing.count).toBe(0);
  });

  it('stock on hand matches the movements again: only the planted distortions remain, as they were', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'stock']));
    expect(r.distortions.items.map((d: any) => [d.sku, d.difference]).sort()).toEqual(shop.planted.stock_discrepancies.map((p) => [p.sku, p.recorded - p.expected]).sort());
  });

  it('once the paper slips are confirmed, reconcile stock --count finds exactly the planted shrinkage with its value', async () => {
    const slips = json(await shop.cli(['--json', 'reconcile', 'sales'])).slips.map((x: any) => x.id);
    expect((await shop.cli(['reconcile', 'sales', '--apply', '--confirm', ...slips])).code).toBe(0);
    const r = json(await shop.cli(['--json', 'reconcile', 'stock', '--count', shop.planted.physical_count.file]));
    // The sales after the backup came after the count (20:00): they are not shrinkage.
    expect(r.count.items.map((v: any) => [v.sku, -v.variance]).sort()).toEqual(shop.planted.physical_count.shrinkage.map((x) => [x.sku, x.units]).sort());
    const cost = (sku: string) => query<{ cost: number }>(shop.db, 'SELECT cost FROM products WHERE sku = ?', sku)[0]!.cost;
    for (const v of r.count.items) expect(v.value).toBe(Math.round(v.variance * cost(v.sku) * 100) / 100);
    expect(r.count.unknown_codes.map((u: any) => u.code)).toEqual(shop.planted.physical_count.unknown_codes);
  });
});
