// reconcile sales for machines: the --json document (README, "JSON output") and the rows of
// --out FILE.csv. Places are "file:line" strings; every class is present in every summary.
import type { ClassifiedReceipt, Difference } from '../reconcile/classify.js';
import type { ClassifiedSlip } from '../reconcile/match-manual.js';
import { round2, showRef } from '../reconcile/model.js';
import type { SalesApplied } from '../reconcile/apply-sales.js';
import type { GuardFacts } from '../reconcile/apply-guard.js';
import type { SalesPlan } from '../reconcile/sales-plan.js';
import type { Cell } from './csv.js';
import { problemJson } from './reconcile-problems.js';

export interface SalesRunFacts {
  database: string;
  mapping: string;
  unmatched: string[];
  /** With --apply; quarantine and changes are null when there was nothing to enter (no record is made then). */
  applied: (SalesApplied & { quarantine: string | null; changes: GuardFacts | null }) | null;
  /** The pasteable reconcile undo command for this apply. */
  undo: string | null;
}

/** The receipts worth a line: everything but the ones simply in the database, and every duplicate. */
export const listed = (plan: SalesPlan) => plan.receipts.filter((r) => r.status !== 'in_database' || r.duplicates.length > 0);

const receiptJson = (r: ClassifiedReceipt) => ({
  id: r.key, register: r.register, receipt_no: r.receipt_no, status: r.status, at: r.at, kind: r.kind, total: r.total,
  source: r.source ? showRef(r.source) : null, duplicates: r.duplicates.map(showRef), others: r.others.map(showRef),
  differences: r.differences, unknown_codes: r.unknown_codes,
});

const slipJson = (names: ReadonlyMap<string, string>) => (s: ClassifiedSlip) => ({
  id: s.id, register: s.register, slip_no: s.slip_no, status: s.status, at: s.at, total: s.total, lines: s.receipt.lines.length,
  source: showRef(s.source), duplicates: s.duplicates.map(showRef), matched_to: s.matched_to, unknown_codes: s.unknown_codes,
  // What is on the paper, so a person can hold the slip against it before confirming it.
  kind: s.receipt.kind, cashier: s.receipt.cashier,
  items: s.receipt.lines.map((l) => ({ code: l.code, sku: l.sku ?? null, name: (l.sku && names.get(l.sku)) || null, qty: l.qty, unit_price: l.unit_price })),
  payments: s.receipt.payments,
});

export function salesJson(plan: SalesPlan, facts: SalesRunFacts) {
  return {
    ok: true,
    applied: facts.applied !== null,
    database: facts.database,
    mapping: facts.mapping,
    sources: {
      journals: plan.journal.files, manual: plan.manual.files, unmatched: facts.unmatched,
      journal_lines: plan.journal.lines, journal_receipts: plan.journal.receipts, manual_rows: plan.manual.rows, paper_slips: plan.manual.slips,
    },
    total: plan.total,
    registers: plan.registers,
    local_times: plan.local_times,
    to_enter: { count: plan.toEnter.length, amount: round2(plan.toEnter.reduce((s, r) => s + r.total, 0)) },
    receipts: listed(plan).map(receiptJson),
    slips: plan.slips.map(slipJson(plan.slipNames)),
    problems: plan.problems.map(problemJson),
    apply: facts.applied,
  };
}

export const SALES_CSV_HEADER = ['type', 'id', 'register', 'receipt_no', 'status', 'at', 'kind', 'total', 'source', 'detail'];

const difference = (d: Difference) => `${d.field}${d.sku ? ` ${d.sku}` : ''}: source ${d.source ?? '-'}, database ${d.database ?? '-'}`;

export function salesCsvRows(plan: SalesPlan): Cell[][] {
  const receipts = listed(plan).map((r): Cell[] => [
    'receipt', r.key, r.register, r.receipt_no, r.status, r.at, r.kind, r.total, r.source ? showRef(r.source) : '',
    [...r.differences.map(difference), ...r.unknown_codes.map((c) => `unknown code ${c}`),
      ...r.duplicates.map((d) => `duplicate at ${showRef(d)}`), ...r.others.map((o) => `other content at ${showRef(o)}`)].join('; '),
  ]);
  const slips = plan.slips.map((s): Cell[] => [
    'paper_slip', s.id, s.register, s.slip_no, s.status, s.at, 'sale', s.total, showRef(s.source),
    [s.matched_to ? `matches ${s.matched_to}` : '', ...s.unknown_codes.map((c) => `unknown code ${c}`), ...s.duplicates.map((d) => `duplicate at ${showRef(d)}`)].filter(Boolean).join('; '),
  ]);
  const problems = plan.problems.map((p): Cell[] => ['problem', p.code, '', '', 'skipped', '', '', '', `${p.file}:${p.line}`, problemJson(p).message]);
  return [...receipts, ...slips, ...problems];
}
