// reconcile stock --apply --count FILE, the write: in one transaction, the count as a stocktake
// (so it becomes the base of expected stock from now on), and an adjustment movement with reason
// "stocktake DATE" for every SKU whose recorded stock differs from the count, bringing recorded
// stock to the count. Applying the same count again finds nothing to adjust: the plan leaves the
// count's own adjustments (its stocktake's ref) out of what happened after each row was counted.
import { usageError } from '../core/errors.js';
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

/** Whether the count has anything to post. */
export const hasAdjustments = (count: CountPlan) => count.adjustments.some((a) => a.qty_delta !== 0);

function stocktakeExists(count: CountPlan, shown: string) {
  return usageError('reconcile.stocktakeExists', { ref: count.stocktake.ref, file: shown, count: count.adjustments.filter((a) => a.qty_delta !== 0).length }, { key: 'hint.stocktakeExists' });
}

/**
 * A count whose stocktake is in the database already and that still differs (stock moved at or
 * before its times since it was posted) is not posted again under the same ref: said before any
 * copy or record is made.
 */
export function checkNotPosted(count: CountPlan, shown: string): void {
  if (count.applied_before && hasAdjustments(count)) throw stocktakeExists(count, shown);
}

export function applyStock(store: MappedDb, count: CountPlan, operator: string, now: string, guard: ApplyGuard): StockApplied {
  const stocktake = prepareWrite(store, 'stocktake');
  const stocktakeLine = prepareWrite(store, 'stocktake_line');
  const movement = prepareWrite(store, 'movement')!;
  const onHand = prepareWrite(store, 'on_hand')!;
  const { ref, at, scope } = count.stocktake;
  const note = `stocktake ${at.slice(0, 10)}`;
  return inWriteTransaction(store.db, store.shown, guard, () => {
    let id: ReturnType<typeof insertId> | undefined;
    try {
      id = stocktake ? insertId(stocktake, { ref, at, scope, taken_by: operator }) : undefined;
    } catch (err) {
      // Posted meanwhile, or a stocktake the counts query does not show: the store's own key says so.
      const code = (err as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw stocktakeExists(count, store.shown);
      throw err;
    }
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
