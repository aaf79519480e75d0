// store-ops reconcile sales: register journals and paper slips against the store database. Plan
// first (every receipt classified, shown per register); with --apply, the missing receipts and
// confirmed slips in one transaction that keeps a change record for reconcile undo.
import path from 'node:path';
import { acquireStoreLock } from '../backup/lock.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { checkOutput } from '../core/output-guard.js';
import { guardApply, guardFacts } from '../reconcile/apply-guard.js';
import { SALES_WRITES, applySales } from '../reconcile/apply-sales.js';
import { findInputs, inputEncoding } from '../reconcile/inputs.js';
import { openMapped } from '../reconcile/mapped-db.js';
import { checkApplyWrites } from '../reconcile/mapping-check.js';
import { planSales, type SalesPlan } from '../reconcile/sales-plan.js';
import { awaitsConfirmation, cannotBeEntered } from '../reconcile/match-manual.js';
import { EXIT } from '../core/exit-codes.js';
import { formatStoreTime } from '../reconcile/store-time.js';
import { reconcileTarget } from '../reconcile/target.js';
import { writeCsv } from '../ui/csv.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { undoCommand } from '../ui/reconcile-record-text.js';
import { withProgress } from '../ui/progress.js';
import { SALES_CSV_HEADER, salesCsvRows, salesJson, type SalesRunFacts } from '../ui/reconcile-sales-data.js';
import { salesText } from '../ui/reconcile-sales-text.js';
import { isStoreOpsReport } from '../ui/report-signatures.js';
import type { CommandResult } from './types.js';

interface Options {
  journal?: string[];
  manual?: string[];
  apply?: boolean;
  confirm?: string[];
  window: string;
  db?: string;
  out?: string;
  force?: boolean;
  check?: boolean;
  encoding?: string;
}

/**
 * What still waits for the database after this run (--check): receipts not entered, and paper
 * slips a person has not confirmed or that cannot be entered as written.
 */
function stillWaiting(plan: SalesPlan, applied: boolean): { receipts: number; slips: number } {
  return {
    receipts: applied ? 0 : plan.toEnter.length,
    slips: plan.slips.filter((s) => awaitsConfirmation(s.status) || cannotBeEntered(s.status)).length,
  };
}

export async function run(_args: string[], o: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const cwd = ctx.io.cwd;
  if (!/^\d{1,4}$/.test(o.window) || Number(o.window) < 1 || Number(o.window) > 1440) throw usageError('reconcile.badWindow', { value: o.window });
  const out = o.out === undefined ? undefined : checkOutput(config, { given: o.out, cwd, force: Boolean(o.force), command: 'reconcile sales', suggest: 'reconcile-sales.csv', isOwnReport: isStoreOpsReport });
  const confirm = (o.confirm ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  const { database, mapping } = reconcileTarget(config, o.db, cwd);
  // Globs on the command line are the user's, relative to where they stand; the config's are absolute already.
  const encoding = inputEncoding(o.encoding);
  const given = (patterns: string[]) => patterns.map((pattern) => ({ pattern, encoding, setting: '--encoding' }));
  const configured = (key: string, list: typeof config.journals) => list.map((s, i) => ({ pattern: s.path, encoding: s.encoding, setting: `${key}[${i}].encoding` }));
  const journals = await findInputs(o.journal ? given(o.journal) : configured('journals', config.journals), cwd);
  const manual = await findInputs(o.manual ? given(o.manual) : configured('manual_records', config.manual_records), cwd);
  const shownDb = path.relative(cwd, database) || database;
  const tz = config.store.timezone;
  if (o.apply) {
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { database, journals: journals.files.map((f) => f.file), manual: manual.files.map((f) => f.file), confirmed: confirm };
  }
  // Before anything is read or written: the writes --apply needs are in the mapping and run in a copy of the schema.
  if (o.apply) checkApplyWrites({ database, mapping, cwd, timeZone: tz, now: Date.now() }, 'reconcile sales', SALES_WRITES);
  // Held from the plan through the transaction: a restore or another --apply swapping or writing the
  // database in between would make the plan, the safety copy and the write disagree.
  const lock = o.apply ? acquireStoreLock(config.state_dir, 'reconcile-sales') : undefined;
  const { plan, applied } = await withProgress(ctx, ctx.t('reconcile.progressSales'), async (report) => {
    report(ctx.t('reconcile.stepRead'), 0, 2);
    const plan = planSales({
      database, mapping, configDir: config.configDir, cwd, timeZone: tz, journals: journals.files, manual: manual.files,
      confirm, windowMinutes: Number(o.window), now: Date.now(),
    });
    let applied: SalesRunFacts['applied'] = null;
    if (o.apply && plan.toEnter.length === 0) applied = { receipts: 0, from_journals: 0, from_paper: 0, lines: 0, movements: 0, skipped: [], quarantine: null, changes: null };
    if (o.apply && plan.toEnter.length > 0) {
      const store = openMapped(database, mapping, cwd, { write: true });
      try {
        report(ctx.t('reconcile.stepGuard'), 1, 2);
        const guard = await guardApply(store, { stateDir: config.state_dir, database, operator: ctx.operator, command: 'reconcile sales', writes: SALES_WRITES });
        ctx.audit.details = { ...ctx.audit.details, quarantine: guard.dir, to_enter: plan.toEnter.length };
        report(ctx.t('reconcile.stepWrite'), 2, 2);
        try {
          const done = applySales(store, plan.toEnter, formatStoreTime(Date.now(), tz), guard);
          applied = { ...done, quarantine: guard.dir, changes: guardFacts(guard) };
        } finally {
          ctx.audit.details = { ...ctx.audit.details, quarantine: guard.dir };
        }
      } finally {
        store.db.close();
      }
    }
    return { plan, applied };
  }).finally(() => lock?.release());
  if (applied) ctx.audit.details = { ...ctx.audit.details, entered: { ...applied, skipped: applied.skipped.length } };
  const facts = { database: shownDb, mapping: mapping.file, unmatched: [...journals.unmatched, ...manual.unmatched], applied, undo: applied ? undoCommand(ctx, applied.quarantine, applied.changes) : null };
  const text = ctx.json ? [] : salesText(ctx, plan, facts);
  if (out && o.out) {
    writeCsv(out, o.out, SALES_CSV_HEADER, salesCsvRows(plan));
    text.push(ctx.t('reconcile.outWritten', { file: o.out }));
  }
  const waiting = stillWaiting(plan, applied !== null);
  const complete = waiting.receipts === 0 && waiting.slips === 0;
  if (o.check) text.push(complete ? ctx.t('reconcile.checkComplete') : ctx.t('reconcile.checkWaiting', waiting));
  return {
    data: { ...salesJson(plan, facts), waiting: { ...waiting, complete } },
    text,
    exitCode: o.check && !complete ? EXIT.failed : EXIT.ok,
    ...(o.check ? { verdict: complete ? 'complete' : 'waiting' } : {}),
    warnings: [
      ...(plan.local_times ? [ctx.t('reconcile.localTimes', { ...plan.local_times })] : []),
      ...lockTakenOverWarning(ctx, lock?.takenOver), ...facts.unmatched.map((pattern) => ctx.t('reconcile.unmatched', { pattern })),
    ],
  };
}
