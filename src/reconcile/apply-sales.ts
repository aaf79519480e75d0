// reconcile sales --apply, the write: in one transaction, each receipt of the plan with its lines,
// payments, return link and the stock movements it causes, and the recorded stock those
// movements change. Each receipt is looked up by its key again inside the transaction: one that
// reached the database since the plan was made (a register uploading late, a second --apply) is
// skipped, which is what makes --apply exactly-once.
import { insertId, prepareRead, prepareWrite, type MappedDb } from './mapped-db.js';
import { keyOf, round3, showRef, type SourceReceipt } from './model.js';
import type { ApplyGuard } from './apply-guard.js';
import { inWriteTransaction } from './write-tx.js';

export interface SalesApplied {
  receipts: number;
  from_journals: number;
  from_paper: number;
  lines: number;
  movements: number;
  /** Keys already in the database when the transaction looked. */
  skipped: string[];
}

/** Every write this apply may run: the change record covers the tables they write. */
export const SALES_WRITES = ['sale', 'sale_line', 'payment', 'return_link', 'movement', 'on_hand'] as const;

const STOCK_SIGN = { sale: -1, return: 1, void: 0 } as const;

export function applySales(store: MappedDb, receipts: readonly SourceReceipt[], now: string, guard: ApplyGuard): SalesApplied {
  const byKey = prepareRead(store, 'sale_by_key');
  const sale = prepareWrite(store, 'sale')!;
  const line = prepareWrite(store, 'sale_line')!;
  const payment = prepareWrite(store, 'payment');
  const returnLink = prepareWrite(store, 'return_link');
  const movement = prepareWrite(store, 'movement')!;
  const onHand = prepareWrite(store, 'on_hand')!;
  const done: SalesApplied = { receipts: 0, from_journals: 0, from_paper: 0, lines: 0, movements: 0, skipped: [] };
  // Recorded stock changes once per SKU, with the sum of its movements: a busy SKU sells in many receipts.
  const stock = new Map<string, number>();
  return inWriteTransaction(store.db, store.shown, guard, () => {
    for (const r of receipts) {
      const key = keyOf(r);
      if (byKey.get({ register: r.register, receipt_no: r.receipt_no })) {
        done.skipped.push(key);
        continue;
      }
      const where = showRef(r.source);
      const id = insertId(sale, { register: r.register, receipt_no: r.receipt_no, at: r.at, cashier: r.cashier, kind: r.kind, total: r.total, source: `reconcile:${where}` });
      r.lines.forEach((l, i) => line.run({ sale_id: id, line_no: i + 1, sku: l.sku, qty: l.qty, unit_price: l.unit_price }));
      for (const p of r.payments) payment?.run({ sale_id: id, method: p.method, amount: p.amount });
      if (r.kind === 'return' && returnLink) {
        const original = r.original ? (byKey.get({ register: r.original.register, receipt_no: r.original.receipt_no }) as { id: unknown } | undefined) : undefined;
        returnLink.run({ sale_id: id, original_sale_id: original?.id ?? null, reason: `reconcile:${where}` });
      }
      const sign = STOCK_SIGN[r.kind];
      if (sign !== 0) {
        for (const l of r.lines) {
          const delta = round3(sign * l.qty);
          movement.run({ sku: l.sku, qty_delta: delta, kind: r.kind, ref: key, at: r.at, note: `reconcile ${where}` });
          stock.set(l.sku!, round3((stock.get(l.sku!) ?? 0) + delta));
          done.movements++;
        }
      }
      done.receipts++;
      done.lines += r.lines.length;
      if (r.origin === 'journal') done.from_journals++;
      else done.from_paper++;
    }
    for (const [sku, delta] of stock) onHand.run({ sku, qty_delta: delta, now });
    return done;
  });
}
