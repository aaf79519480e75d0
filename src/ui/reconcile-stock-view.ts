// reconcile stock, rendered: totals, the top N by value, then the lists (at most LIMIT lines each
// in text; --json and --out have every SKU), in units and in money at cost.
import type { Context } from '../core/context.js';
import type { StockApplied } from '../reconcile/apply-stock.js';
import type { GuardFacts } from '../reconcile/apply-guard.js';
import { round2, round3 } from '../reconcile/model.js';
import type { StockPlan } from '../reconcile/stock-plan.js';
import type { Cell } from './csv.js';
import { formatMoney, formatQty } from './format.js';
import { firstOf, problemJson, problemText } from './reconcile-problems.js';
import { reconcileClock } from './reconcile-time.js';
import { recordLines } from './reconcile-record-text.js';

const LIMIT = 20;

export interface StockRunFacts {
  database: string;
  mapping: string;
  top: number;
  /** With --apply; quarantine and changes are null when there was nothing to adjust. */
  applied: (StockApplied & { quarantine: string | null; changes: GuardFacts | null }) | null;
  /** The pasteable reconcile undo command for this apply. */
  undo: string | null;
}

const sum = (xs: readonly number[], r: (n: number) => number) => r(xs.reduce((s, x) => s + x, 0));

function totals(plan: StockPlan) {
  const d = plan.distortions;
  const v = plan.count?.variances.filter((x) => !x.ambiguous) ?? [];
  return {
    distortions: { count: d.length, units: sum(d.map((x) => x.difference), round3), value: sum(d.map((x) => x.value), round2) },
    count: {
      count: v.length, units: sum(v.map((x) => x.variance), round3), value: sum(v.map((x) => x.value), round2),
      shrinkage_value: sum(v.filter((x) => x.value < 0).map((x) => x.value), round2), surplus_value: sum(v.filter((x) => x.value > 0).map((x) => x.value), round2),
    },
  };
}

export function topByValue(plan: StockPlan, n: number) {
  const all = [
    ...plan.distortions.map((d) => ({ sku: d.sku, name: d.name, kind: 'distortion' as const, units: d.difference, value: d.value })),
    ...(plan.count?.variances ?? []).filter((v) => !v.ambiguous).map((v) => ({ sku: v.sku, name: v.name, kind: 'count' as const, units: v.variance, value: v.value })),
  ];
  return all.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, n).map((x, i) => ({ rank: i + 1, ...x }));
}

export function stockJson(plan: StockPlan, facts: StockRunFacts) {
  const t = totals(plan);
  const c = plan.count;
  return {
    ok: true, applied: facts.applied !== null, database: facts.database, mapping: facts.mapping, skus: plan.skus, movements: plan.movements,
    distortions: { ...t.distortions, items: plan.distortions },
    count: c && {
      file: c.file, rows: c.rows, skus: c.skus, counted_at: c.counted_at, stocktake: c.stocktake.ref, applied_before: c.applied_before,
      variances: t.count, items: c.variances, unknown_codes: c.unknown_codes,
      adjustments: c.adjustments.filter((a) => a.qty_delta !== 0).length,
    },
    top: topByValue(plan, facts.top),
    problems: plan.problems.map(problemJson),
    local_times: plan.local_times,
    apply: facts.applied,
  };
}

export const STOCK_CSV_HEADER = ['type', 'sku', 'name', 'code', 'expected', 'recorded', 'counted', 'units', 'unit_cost', 'value', 'detail'];

export function stockCsvRows(plan: StockPlan): Cell[][] {
  return [
    ...plan.distortions.map((d): Cell[] => ['distortion', d.sku, d.name, '', d.expected, d.recorded, '', d.difference, d.unit_cost, d.value, d.last_count_at ? `last count ${d.last_count_at}` : 'never counted']),
    ...(plan.count?.variances ?? []).map((v): Cell[] => ['count', v.sku, v.name, v.code, '', v.recorded, v.counted, v.variance, v.unit_cost, v.value, `${plan.count!.file}:${v.lines.join(',')}${v.ambiguous ? ' counted twice at one place: not adjusted' : ''}`]),
    ...(plan.count?.unknown_codes ?? []).map((u): Cell[] => ['unknown_code', '', '', u.code, '', '', u.counted, '', '', '', `${u.file}:${u.line}`]),
    ...plan.problems.map((p): Cell[] => ['problem', '', '', '', '', '', '', '', '', '', problemJson(p).message]),
  ];
}

function list<T>(ctx: Context, title: string, items: readonly T[], line: (x: T) => string): string[] {
  if (items.length === 0) return [];
  const { shown, more } = firstOf(items, LIMIT);
  return ['', title, ...shown.map(line), ...(more > 0 ? [ctx.t('reconcile.more', { count: more })] : [])];
}

export function stockText(ctx: Context, plan: StockPlan, facts: StockRunFacts): string[] {
  const t = ctx.t;
  const tot = totals(plan);
  const c = plan.count;
  const lines = [t('reconcile.stockHeader', { skus: plan.skus, movements: plan.movements, database: facts.database })];
  lines.push(plan.distortions.length === 0
    ? t('reconcile.stockOk')
    : t('reconcile.distortionHeader', { count: tot.distortions.count, units: formatQty(tot.distortions.units, true), value: formatMoney(tot.distortions.value) }));
  if (c) {
    lines.push(t('reconcile.countHeader', {
      file: c.file, at: reconcileClock(ctx, c.counted_at), skus: c.skus, count: tot.count.count, units: formatQty(tot.count.units, true),
      value: formatMoney(tot.count.value), shrinkage: formatMoney(tot.count.shrinkage_value), surplus: formatMoney(tot.count.surplus_value),
    }));
    lines.push(t('reconcile.countNote'));
  }
  const top = topByValue(plan, facts.top);
  lines.push(...list(ctx, t('reconcile.topHeader', { count: top.length }), top, (x) =>
    t('reconcile.topItem', { rank: x.rank, sku: x.sku, name: x.name, units: formatQty(x.units, true), value: formatMoney(x.value), what: t(`reconcile.what.${x.kind}`) })));
  lines.push(...list(ctx, t('reconcile.distortionList'), plan.distortions, (d) =>
    t('reconcile.distortionItem', { sku: d.sku, name: d.name, expected: formatQty(d.expected), recorded: formatQty(d.recorded), units: formatQty(d.difference, true), value: formatMoney(d.value) })));
  if (c) {
    lines.push(...list(ctx, t('reconcile.countList'), c.variances, (v) => v.ambiguous
      ? t('reconcile.countAmbiguous', { sku: v.sku, name: v.name, lines: v.lines.join(', ') })
      : t('reconcile.countItem', { sku: v.sku, name: v.name, counted: formatQty(v.counted), recorded: formatQty(v.recorded), units: formatQty(v.variance, true), value: formatMoney(v.value) })));
    lines.push(...list(ctx, t('reconcile.unknownCodes', { count: c.unknown_codes.length }), c.unknown_codes, (u) =>
      t('reconcile.unknownItem', { code: u.code, counted: formatQty(u.counted), place: `${u.file}:${u.line}` })));
  }
  lines.push(...list(ctx, t('reconcile.sectionProblems', { count: plan.problems.length }), plan.problems, (p) => `  ${problemText(ctx.lang, p)}`), '');
  const a = facts.applied;
  const adjustable = c?.adjustments.filter((x) => x.qty_delta !== 0).length ?? 0;
  const nothing = c?.applied_before ? t('reconcile.stockAlready', { ref: c.stocktake.ref }) : t('reconcile.stockNothing');
  if (a) lines.push(a.adjustments > 0 ? t('reconcile.stockApplied', { ref: a.stocktake, count: a.adjustments, units: formatQty(a.units, true), quarantine: a.quarantine ?? '' }) : nothing, ...recordLines(ctx, a.changes, facts.undo));
  else if (c && adjustable > 0 && c.applied_before) lines.push(t('reconcile.stocktakeExists', { ref: c.stocktake.ref, file: facts.database, count: adjustable }), t('hint.stocktakeExists'));
  else if (c) lines.push(adjustable > 0 ? t('reconcile.stockDryRun', { count: adjustable, ref: c.stocktake.ref }) : nothing);
  return lines;
}
