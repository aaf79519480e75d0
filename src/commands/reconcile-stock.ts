// store-ops reconcile stock [--count FILE] [--apply]: expected stock against recorded stock for
// every SKU, and against a physical count; with --apply (and a count), the count posted as a
// stocktake with its adjustments in one transaction that keeps a change record for reconcile undo.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { acquireStoreLock } from '../backup/lock.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { checkOutput } from '../core/output-guard.js';
import { guardApply, guardFacts } from '../reconcile/apply-guard.js';
import { STOCK_WRITES, applyStock, checkNotPosted, hasAdjustments } from '../reconcile/apply-stock.js';
import { inputEncoding } from '../reconcile/inputs.js';
import { openMapped } from '../reconcile/mapped-db.js';
import { checkApplyWrites } from '../reconcile/mapping-check.js';
import { planStock } from '../reconcile/stock-plan.js';
import { formatStoreTime } from '../reconcile/store-time.js';
import { reconcileTarget } from '../reconcile/target.js';
import { writeCsv } from '../ui/csv.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { undoCommand } from '../ui/reconcile-record-text.js';
import { withProgress } from '../ui/progress.js';
import { isStoreOpsReport } from '../ui/report-signatures.js';
import { STOCK_CSV_HEADER, stockCsvRows, stockJson, stockText, type StockRunFacts } from '../ui/reconcile-stock-view.js';
import type { CommandResult } from './types.js';

interface Options {
  count?: string;
  apply?: boolean;
  top: string;
  db?: string;
  out?: string;
  force?: boolean;
  encoding?: string;
}

export async function run(_args: string[], o: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const cwd = ctx.io.cwd;
  if (!/^\d{1,5}$/.test(o.top) || Number(o.top) < 1) throw usageError('reconcile.badTop', { value: o.top });
  if (o.apply && o.count === undefined) throw usageError('reconcile.applyNeedsCount', {}, { key: 'hint.applyNeedsCount' });
  const out = o.out === undefined ? undefined : checkOutput(config, { given: o.out, cwd, force: Boolean(o.force), command: 'reconcile stock', suggest: 'reconcile-stock.csv', isOwnReport: isStoreOpsReport });
  const countFile = o.count === undefined ? undefined : path.resolve(cwd, o.count);
  if (countFile && !existsSync(countFile)) throw usageError('reconcile.countMissing', { file: o.count! });
  const { database, mapping } = reconcileTarget(config, o.db, cwd);
  const tz = config.store.timezone;
  if (o.apply) {
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { database, count: countFile };
  }
  // Before anything is read or written: the writes --apply needs are in the mapping and run in a copy of the schema.
  if (o.apply) checkApplyWrites({ database, mapping, cwd, timeZone: tz, now: Date.now() }, 'reconcile stock', STOCK_WRITES);
  // Held from the plan through the transaction: a restore or another --apply swapping or writing the
  // database in between would make the plan, the safety copy and the write disagree.
  const lock = o.apply ? acquireStoreLock(config.state_dir, 'reconcile-stock') : undefined;
  const { plan, applied } = await withProgress(ctx, ctx.t('reconcile.progressStock'), async (report) => {
    report(ctx.t('reconcile.stepStock'), 0, 2);
    const plan = await planStock({ database, mapping, cwd, configDir: config.configDir, timeZone: tz, countFile, countEncoding: inputEncoding(o.encoding), now: Date.now() });
    let applied: StockRunFacts['applied'] = null;
    const count = plan.count;
    if (o.apply && count) {
      applied = { stocktake: count.stocktake.ref, adjustments: 0, units: 0, quarantine: null, changes: null };
      checkNotPosted(count, path.relative(cwd, database) || database);
      if (hasAdjustments(count)) {
        const store = openMapped(database, mapping, cwd, { write: true });
        try {
          report(ctx.t('reconcile.stepGuard'), 1, 2);
          const guard = await guardApply(store, { stateDir: config.state_dir, database, operator: ctx.operator, command: 'reconcile stock', writes: STOCK_WRITES });
          ctx.audit.details = { ...ctx.audit.details, quarantine: guard.dir, stocktake: count.stocktake.ref };
          report(ctx.t('reconcile.stepWrite'), 2, 2);
          try {
            const done = applyStock(store, count, ctx.operator, formatStoreTime(Date.now(), tz), guard);
            applied = { ...done, quarantine: guard.dir, changes: guardFacts(guard) };
          } finally {
            ctx.audit.details = { ...ctx.audit.details, quarantine: guard.dir };
          }
        } finally {
          store.db.close();
        }
      }
    }
    return { plan, applied };
  }).finally(() => lock?.release());
  if (applied) ctx.audit.details = { ...ctx.audit.details, applied };
  const facts = { database: path.relative(cwd, database) || database, mapping: mapping.file, top: Number(o.top), applied, undo: applied ? undoCommand(ctx, applied.quarantine, applied.changes) : null };
  const text = ctx.json ? [] : stockText(ctx, plan, facts);
  if (out && o.out) {
    writeCsv(out, o.out, STOCK_CSV_HEADER, stockCsvRows(plan));
    text.push(ctx.t('reconcile.outWritten', { file: o.out }));
  }
  const local = plan.local_times ? [ctx.t('reconcile.localTimes', { ...plan.local_times })] : [];
  return { data: stockJson(plan, facts), text, warnings: [...local, ...lockTakenOverWarning(ctx, lock?.takenOver)] };
}
