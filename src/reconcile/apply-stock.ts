// reconcile stock --apply --count FILE, the write: in one transaction, the count as a stocktake
// (so it becomes the base of expected stock from now on), and an adjustment movement with reason
// "stocktake DATE" for every SKU whose recorded stock differs from the count, bringing recorded
// stock to the count. Applying the same count again finds nothing to adjust.
import { insertId, prepareWrite, type MappedDb } from './mapped-db.js';
import { round3 } from './model.js';
import type { CountPlan } from './stock-plan.js';
import type { ApplyGuard } from './apply-guard.js';
import { inWriteTransaction } from './write-tx.js';

export interface StockApplied {
  stocktake: string;
  adjustments: number;
  units: number;
}

/** Every write this apply may run: the change record covers the tables they write. */
export const STOCK_WRITES = ['stocktake', 'stocktake_line', 'movement', 'on_hand'] as const;

export function applyStock(store: MappedDb, count: CountPlan, operator: string, now: string, guard: ApplyGuard): StockApplied {
  const stocktake = prepareWrite(store, 'stocktake');
  const stocktakeLine = prepareWrite(store, 'stocktake_line');
  const movement = prepareWrite(store, 'movement')!;
  const onHand = prepareWrite(store, 'on_hand')!;
  const { ref, at, scope } = count.stocktake;
  const note = `stocktake ${at.slice(0, 10)}`;
  return inWriteTransaction(store.db, store.shown, guard, () => {
    const id = stocktake ? insertId(stocktake, { ref, at, scope, taken_by: operator }) : undefined;
    let adjustments = 0;
    let units = 0;
    for (const a of count.adjustments) {
      if (id !== undefined) stocktakeLine?.run({ stocktake_id: id, sku: a.sku, counted_qty: a.baseline, recorded_qty: round3(a.baseline - a.qty_delta) });
      if (a.qty_delta === 0) continue;
      movement.run({ sku: a.sku, qty_delta: a.qty_delta, kind: 'adjustment', ref, at, note });
      onHand.run({ sku: a.sku, qty_delta: a.qty_delta, now });
      adjustments++;
      units = round3(units + a.qty_delta);
    }
    return { stocktake: ref, adjustments, units };
  });
}
