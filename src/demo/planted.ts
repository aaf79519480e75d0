// The faults the demo plants for reconciliation to find, each with the story of how a real
// store gets there. They are reported by `demo init --json` so a trainer (or a test) can check
// that reconcile finds exactly these.
import type Database from 'better-sqlite3';
import type { Product } from './catalogue.js';
import { Random, round3 } from './random.js';
import type { Receipt } from './receipt.js';

export interface StockDiscrepancy {
  sku: string;
  expected: number;
  recorded: number;
  story: 'crash-mid-write' | 'manual-edit' | 'double-posting' | 'sync-bug';
}

export interface ReceiptConflict {
  register: string;
  receipt_no: string;
  sku: string;
  journal_qty: number;
  database_qty: number;
}

/** Distorts the stock table for a handful of SKUs; the movements stay true. */
export function plantStockDiscrepancies(
  onHand: Map<string, number>,
  products: readonly Product[],
  lastReceiptBeforeCrash: Receipt | undefined,
  random: Random,
): StockDiscrepancy[] {
  const out: StockDiscrepancy[] = [];
  const taken = new Set<string>();
  const plant = (sku: string, recorded: number, story: StockDiscrepancy['story']) => {
    const expected = onHand.get(sku)!;
    if (taken.has(sku) || round3(recorded) === expected) return;
    taken.add(sku);
    out.push({ sku, expected, recorded: round3(recorded), story });
    onHand.set(sku, round3(recorded));
  };
  for (const line of (lastReceiptBeforeCrash?.lines ?? []).slice(0, 2)) {
    plant(line.sku, onHand.get(line.sku)! + line.qty, 'crash-mid-write');
  }
  const countable = products.filter((p) => !p.byWeight);
  const another = () => countable[random.int(0, countable.length - 1)]!.sku;
  let sku = another();
  plant(sku, Math.round(onHand.get(sku)! / 10) * 10 + 10, 'manual-edit');
  plant(another(), 0, 'manual-edit');
  sku = another();
  plant(sku, onHand.get(sku)! - random.int(1, 3), 'double-posting');
  plant(another(), -3, 'sync-bug');
  return out;
}

/** A receipt edited by hand in the database after the register journaled it. */
export function plantConflict(db: Database.Database, journaled: readonly Receipt[], random: Random): ReceiptConflict | undefined {
  const candidates = journaled.filter((r) => r.kind === 'sale' && Number.isInteger(r.lines[0]!.qty));
  if (candidates.length === 0) return undefined;
  const r = candidates[random.int(0, candidates.length - 1)]!;
  const line = r.lines[0]!;
  const sale = db.prepare('SELECT id FROM sales WHERE register = ? AND receipt_no = ?').get(r.register, r.receipt_no) as { id: number } | undefined;
  if (!sale) return undefined;
  db.prepare('UPDATE sale_lines SET qty = qty + 1 WHERE sale_id = ? AND line_no = 1').run(sale.id);
  db.prepare('UPDATE sales SET total = round(total + ?, 2) WHERE id = ?').run(line.unit_price, sale.id);
  return { register: r.register, receipt_no: r.receipt_no, sku: line.sku, journal_qty: line.qty, database_qty: line.qty + 1 };
}
