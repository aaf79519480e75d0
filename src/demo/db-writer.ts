// Writes the demo's trading into the reference schema with prepared statements, one
// transaction per simulated day (the builder opens and commits them).
import type Database from 'better-sqlite3';
import type { Product } from './catalogue.js';
import type { MovementKind } from '../store/schema.js';
import type { Receipt } from './receipt.js';

export class DemoDbWriter {
  private readonly insertMovement;
  private readonly insertSale;
  private readonly insertLine;
  private readonly insertPayment;
  private readonly insertReturn;
  private readonly insertPurchase;
  private readonly insertPurchaseLine;
  private readonly insertStocktake;
  private readonly insertStocktakeLine;
  private readonly saleIds = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.insertMovement = db.prepare('INSERT INTO stock_movements (sku, qty_delta, kind, ref, at, note) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertSale = db.prepare('INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertLine = db.prepare('INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (?, ?, ?, ?, ?)');
    this.insertPayment = db.prepare('INSERT INTO payments (sale_id, method, amount) VALUES (?, ?, ?)');
    this.insertReturn = db.prepare('INSERT INTO returns (sale_id, original_sale_id, reason) VALUES (?, ?, ?)');
    this.insertPurchase = db.prepare('INSERT INTO purchase_receipts (receipt_no, supplier, received_at, received_by, total_cost) VALUES (?, ?, ?, ?, ?)');
    this.insertPurchaseLine = db.prepare('INSERT INTO purchase_receipt_lines (receipt_id, line_no, sku, qty, unit_cost) VALUES (?, ?, ?, ?, ?)');
    this.insertStocktake = db.prepare('INSERT INTO stocktakes (ref, taken_at, scope, taken_by) VALUES (?, ?, ?, ?)');
    this.insertStocktakeLine = db.prepare('INSERT INTO stocktake_lines (stocktake_id, sku, counted_qty, recorded_qty) VALUES (?, ?, ?, ?)');
  }

  products(products: readonly Product[]): void {
    const stmt = this.db.prepare('INSERT INTO products (sku, barcode, name, category, unit, price, cost, supplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const p of products) stmt.run(p.sku, p.barcode, p.name, p.category, p.unit, p.price, p.cost, p.supplier);
  }

  movement(sku: string, qty: number, kind: MovementKind, ref: string, at: string, note: string | null = null): void {
    this.insertMovement.run(sku, qty, kind, ref, at, note);
  }

  receipt(r: Receipt): void {
    const saleId = Number(this.insertSale.run(r.register, r.receipt_no, r.at, r.cashier, r.kind, r.total).lastInsertRowid);
    this.saleIds.set(`${r.register}/${r.receipt_no}`, saleId);
    r.lines.forEach((l, i) => this.insertLine.run(saleId, i + 1, l.sku, l.qty, l.unit_price));
    for (const p of r.payments) this.insertPayment.run(saleId, p.method, p.amount);
    const ref = `${r.register}/${r.receipt_no}`;
    if (r.kind === 'sale') for (const l of r.lines) this.movement(l.sku, -l.qty, 'sale', ref, r.at);
    if (r.kind === 'return') {
      for (const l of r.lines) this.movement(l.sku, l.qty, 'return', ref, r.at);
      const original = r.original ? this.saleIds.get(`${r.original.register}/${r.original.receipt_no}`) ?? null : null;
      this.insertReturn.run(saleId, original, r.reason ?? '顾客退货');
    }
  }

  purchase(receiptNo: string, supplier: string, at: string, by: string, lines: Array<{ sku: string; qty: number; unitCost: number }>): void {
    const total = Math.round(lines.reduce((s, l) => s + l.qty * l.unitCost, 0) * 100) / 100;
    const id = Number(this.insertPurchase.run(receiptNo, supplier, at, by, total).lastInsertRowid);
    lines.forEach((l, i) => {
      this.insertPurchaseLine.run(id, i + 1, l.sku, l.qty, l.unitCost);
      this.movement(l.sku, l.qty, 'receipt', receiptNo, at);
    });
  }

  stocktake(ref: string, at: string, scope: string, by: string, lines: Array<{ sku: string; counted: number; recorded: number }>): void {
    const id = Number(this.insertStocktake.run(ref, at, scope, by).lastInsertRowid);
    for (const l of lines) {
      this.insertStocktakeLine.run(id, l.sku, l.counted, l.recorded);
      const delta = Math.round((l.counted - l.recorded) * 1000) / 1000;
      if (delta !== 0) this.movement(l.sku, delta, 'adjustment', ref, at, `stocktake ${ref}`);
    }
  }

  stock(onHand: ReadonlyMap<string, number>, at: string): void {
    const stmt = this.db.prepare('INSERT INTO stock (sku, on_hand, updated_at) VALUES (?, ?, ?)');
    for (const [sku, qty] of onHand) stmt.run(sku, qty, at);
  }
}
