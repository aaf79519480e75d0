// reconcile sales for people: where the sources came from, a table per register (counts and
// money), then each list a person has to act on, at most LIMIT lines each (--json and --out have
// all), then what was or would be written.
import type { Context } from '../core/context.js';
import type { ClassifiedReceipt, Difference } from '../reconcile/classify.js';
import type { ClassifiedSlip } from '../reconcile/match-manual.js';
import { round2, showRef } from '../reconcile/model.js';
import type { SalesPlan } from '../reconcile/sales-plan.js';
import type { SalesTotals, Tally } from '../reconcile/summary.js';
import { formatMoney, table } from './format.js';
import { firstOf, problemText } from './reconcile-problems.js';
import { recordLines } from './reconcile-record-text.js';
import { listed, type SalesRunFacts } from './reconcile-sales-data.js';
import { reconcileClock } from './reconcile-time.js';

const LIMIT = 20;

function summaryTable(ctx: Context, plan: SalesPlan): string[] {
  const t = ctx.t;
  const cell = (x: Tally) => (x.count === 0 ? '0' : `${x.count}  ${formatMoney(x.amount)}`);
  const slips = (s: SalesTotals) => ({ count: s.slips.unconfirmed.count + s.slips.confirmed.count, amount: round2(s.slips.unconfirmed.amount + s.slips.confirmed.amount) });
  const row = (name: string, s: SalesTotals) => [name, cell(s.receipts.in_database), cell(s.receipts.missing), cell(s.receipts.conflict), cell(s.duplicates), cell(s.receipts.database_only), cell(slips(s))];
  return table([
    [t('reconcile.col.register'), t('reconcile.col.inDatabase'), t('reconcile.col.missing'), t('reconcile.col.conflict'), t('reconcile.col.duplicate'), t('reconcile.col.databaseOnly'), t('reconcile.col.slips')],
    ...plan.registers.map((r) => row(r.register, r)),
    row(t('reconcile.col.total'), plan.total),
  ]);
}

function difference(ctx: Context, d: Difference): string {
  const v = (x: string | number | null) => (x === null ? '—' : String(x));
  return ctx.t(`reconcile.diff.${d.field}`, { sku: d.sku ?? '', source: v(d.source), database: v(d.database) });
}

function receiptLine(ctx: Context, r: ClassifiedReceipt): string {
  const base = ctx.t('reconcile.item', { id: r.key, at: reconcileClock(ctx, r.at), kind: ctx.t(`reconcile.kind.${r.kind as 'sale' | 'return' | 'void'}`), total: formatMoney(r.total), source: r.source ? showRef(r.source) : '' });
  switch (r.status) {
    case 'conflict': return `${base}: ${r.differences.map((d) => difference(ctx, d)).join('; ')}`;
    case 'source_conflict': return `${base}: ${ctx.t('reconcile.otherContent', { places: r.others.map(showRef).join(', ') })}`;
    case 'unknown_code': return `${base}: ${r.unknown_codes.join(', ')}`;
    default: return r.duplicates.length > 0 ? `${base} ${ctx.t('reconcile.againAt', { places: r.duplicates.map(showRef).join(', ') })}` : base;
  }
}

function slipLine(ctx: Context, s: ClassifiedSlip): string {
  const status = ctx.t(`reconcile.slip.${s.status}`, { id: s.id, receipt: s.matched_to ?? '', codes: s.unknown_codes.join(', ') });
  return ctx.t('reconcile.slipItem', { id: s.id, register: s.register, slip: s.slip_no || '—', at: reconcileClock(ctx, s.at), lines: s.receipt.lines.length, total: formatMoney(s.total), source: showRef(s.source), status });
}

function section<T>(ctx: Context, title: string, items: readonly T[], line: (x: T) => string): string[] {
  if (items.length === 0) return [];
  const { shown, more } = firstOf(items, LIMIT);
  return ['', title, ...shown.map(line), ...(more > 0 ? [ctx.t('reconcile.more', { count: more })] : [])];
}

export function salesText(ctx: Context, plan: SalesPlan, facts: SalesRunFacts): string[] {
  const t = ctx.t;
  const r = (status: ClassifiedReceipt['status']) => plan.receipts.filter((x) => x.status === status);
  const sum = (xs: ReadonlyArray<{ total: number }>) => formatMoney(round2(xs.reduce((s, x) => s + x.total, 0)));
  const missing = r('missing');
  const lines = [
    t('reconcile.sources', {
      journals: plan.journal.files.length, receipts: plan.journal.receipts, lines: plan.journal.lines,
      manual: plan.manual.files.length, rows: plan.manual.rows, slips: plan.manual.slips, database: facts.database,
    }),
    '',
    ...summaryTable(ctx, plan),
    ...section(ctx, t('reconcile.sectionMissing', { count: missing.length, amount: sum(missing) }), missing, (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionConflict', { count: r('conflict').length }), r('conflict'), (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionSourceConflict', { count: r('source_conflict').length }), r('source_conflict'), (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionUnknown', { count: r('unknown_code').length }), r('unknown_code'), (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionDuplicates', { count: listed(plan).filter((x) => x.duplicates.length > 0).length }), listed(plan).filter((x) => x.duplicates.length > 0), (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionDatabaseOnly', { count: r('database_only').length }), r('database_only'), (x) => receiptLine(ctx, x)),
    ...section(ctx, t('reconcile.sectionSlips', { count: plan.slips.length }), plan.slips, (s) => slipLine(ctx, s)),
    ...section(ctx, t('reconcile.sectionProblems', { count: plan.problems.length }), plan.problems, (p) => `  ${problemText(ctx.lang, p)}`),
    '',
  ];
  const waiting = plan.slips.filter((s) => s.status === 'unconfirmed').length;
  const a = facts.applied;
  if (a) {
    lines.push(a.receipts > 0
      ? t('reconcile.applied', { receipts: a.receipts, journals: a.from_journals, paper: a.from_paper, lines: a.lines, movements: a.movements, quarantine: a.quarantine ?? '' })
      : t('reconcile.appliedNothing'));
    lines.push(...recordLines(ctx, a.changes, facts.undo));
    if (a.skipped.length > 0) lines.push(t('reconcile.skippedNow', { count: a.skipped.length, keys: a.skipped.slice(0, LIMIT).join(', ') }));
  } else if (plan.toEnter.length > 0) lines.push(t('reconcile.dryRun', { count: plan.toEnter.length, amount: sum(plan.toEnter) }));
  else lines.push(t('reconcile.nothingToEnter'));
  if (waiting > 0) lines.push(t('reconcile.slipsWaiting', { count: waiting }));
  return lines;
}
