// One journal line checked by hand rather than with a schema library: a store's journals hold
// 100 000s of lines, and this runs once per line. First its shape: the first thing wrong is
// reported as the key, what was wanted there and what was found (shown in the user's language by
// src/ui/reconcile-problems.ts: "lines[0].qty: expected a number greater than 0, got -2"). Then its meaning (input-rules.ts): numbers in range, ids that no
// spreadsheet would run, a total its lines add up to, payments that add up to the total, and a
// total whose sign the kind allows (a sale takes money, a return gives it back, a void neither).
import { SALE_KINDS, type SaleKind } from '../store/schema.js';
import { MAX_AMOUNT, MAX_QTY, MAX_UNIT_PRICE, PAYMENT_TOLERANCE, TOTAL_TOLERANCE } from './input-rules.js';
import { startsLikeFormula } from '../core/spreadsheet-formula.js';
import { round2, type Problem } from './model.js';

export interface JournalReceipt {
  register: string;
  receipt_no: string;
  at: string;
  cashier: string;
  kind: SaleKind;
  lines: Array<{ sku?: string; barcode?: string; qty: number; unit_price: number }>;
  payments: Array<{ method: string; amount: number }>;
  /** False when the line has no payments key: what was paid is then not known, not zero. */
  paid: boolean;
  total: number;
  original?: { register: string; receipt_no: string };
}

export type Checked = { ok: true; receipt: JournalReceipt } | { ok: false; code: Problem['code']; params: Problem['params'] };

class Bad extends Error {
  constructor(readonly code: Problem['code'], readonly params: Problem['params']) {
    super(code);
  }
}

/** What a journal line must have at a key; each is a message `reconcile.shape.<name>`. */
export type ShapeProblem =
  | 'missingText' | 'notText' | 'missingNumber' | 'notNumber' | 'numberAbove' | 'numberAtLeast' | 'missingList' | 'notList'
  | 'notObject' | 'badKind' | 'noTime' | 'noLines' | 'notSection' | 'needsCode' | 'notTime';

/** What was found instead, without words: text quoted as JSON, a number as written, else its kind. */
export function foundValue(v: unknown): { got: string; got_kind: 'value' | 'nothing' | 'empty' | 'list' | 'section' } {
  if (v === undefined) return { got: '', got_kind: 'nothing' };
  if (v === null) return { got: '', got_kind: 'empty' };
  if (Array.isArray(v)) return { got: '', got_kind: 'list' };
  if (typeof v === 'object') return { got: '', got_kind: 'section' };
  return { got: typeof v === 'string' ? JSON.stringify(v) : String(v), got_kind: 'value' };
}

const shape = (key: string, problem: ShapeProblem, found?: { value: unknown }, min?: number) =>
  new Bad('journal_invalid', { key, shape: problem, ...(found ? foundValue(found.value) : {}), ...(min !== undefined ? { min } : {}) });

/** The key of a problem with the whole line (not an object at all); shown in the reader's language. */
export const WHOLE_LINE = '(line)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const IDS = new Set(['register', 'receipt_no', 'sku', 'barcode']);

function text(o: Obj, key: string, at: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  // Some registers write receipt numbers and codes as numbers.
  if (typeof v === 'number' && Number.isFinite(v) && key !== 'register' && key !== 'at') return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw shape(at + key, v === undefined ? 'missingText' : 'notText', { value: v });
  const t = v.trim();
  if (IDS.has(key) && startsLikeFormula(t)) throw new Bad('formula_id', { key: at + key, value: t });
  return t;
}

function number(o: Obj, key: string, at: string, range: { min: number; above?: boolean; max: number }): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw shape(at + key, v === undefined ? 'missingNumber' : 'notNumber', { value: v });
  if (range.above ? v <= range.min : v < range.min) throw shape(at + key, range.above ? 'numberAbove' : 'numberAtLeast', { value: v }, range.min);
  if (v > range.max) throw new Bad('out_of_range', { key: at + key, value: v, max: range.max });
  return v;
}

function list(o: Obj, key: string, optional: boolean): unknown[] {
  const v = o[key];
  if (v === undefined && optional) return [];
  if (!Array.isArray(v)) throw shape(key, v === undefined ? 'missingList' : 'notList', { value: v });
  return v;
}

function receipt(d: unknown): JournalReceipt {
  if (!isObj(d)) throw shape(WHOLE_LINE, 'notObject', { value: d });
  const kind = d.kind;
  if (!SALE_KINDS.includes(kind as SaleKind)) throw shape('kind', 'badKind', { value: kind });
  const at = text(d, 'at', '')!;
  if (!/\d\d:\d\d/.test(at)) throw shape('at', 'noTime', { value: at });
  const lines = list(d, 'lines', false);
  if (lines.length === 0) throw shape('lines', 'noLines');
  const original = d.original;
  if (original !== undefined && !isObj(original)) throw shape('original', 'notSection', { value: original });
  const money = { min: -MAX_AMOUNT, max: MAX_AMOUNT };
  return {
    register: text(d, 'register', '')!,
    receipt_no: text(d, 'receipt_no', '')!,
    at,
    cashier: typeof d.cashier === 'string' ? d.cashier : '',
    kind: kind as SaleKind,
    lines: lines.map((l, i) => {
      const where = `lines[${i}].`;
      if (!isObj(l)) throw shape(`lines[${i}]`, 'notSection', { value: l });
      const sku = text(l, 'sku', where, true);
      const barcode = text(l, 'barcode', where, true);
      if (sku === undefined && barcode === undefined) throw shape(`lines[${i}]`, 'needsCode');
      return { sku, barcode, qty: number(l, 'qty', where, { min: 0, above: true, max: MAX_QTY }), unit_price: number(l, 'unit_price', where, { min: 0, max: MAX_UNIT_PRICE }) };
    }),
    payments: list(d, 'payments', true).map((p, i) => {
      if (!isObj(p)) throw shape(`payments[${i}]`, 'notSection', { value: p });
      return { method: text(p, 'method', `payments[${i}].`)!, amount: number(p, 'amount', `payments[${i}].`, money) };
    }),
    paid: d.payments !== undefined,
    total: number(d, 'total', '', money),
    original: original && { register: text(original, 'register', 'original.')!, receipt_no: text(original, 'receipt_no', 'original.')! },
  };
}

/** A sale's total is +lines, a return's −lines (money given back), a void's 0 (nothing changed hands). */
const SIGN: Record<SaleKind, number> = { sale: 1, return: -1, void: 0 };

function checkMoney(r: JournalReceipt): void {
  const sign = SIGN[r.kind];
  const perLine = r.lines.reduce((s, l) => s + round2(l.qty * l.unit_price), 0);
  const whole = r.lines.reduce((s, l) => s + l.qty * l.unit_price, 0);
  const near = (expected: number) => Math.abs(r.total - sign * expected) <= TOTAL_TOLERANCE + 1e-9;
  if (sign === 0 && r.total !== 0) throw new Bad('void_total', { total: r.total });
  if (!near(perLine) && !near(whole)) throw new Bad('total_mismatch', { kind: r.kind, total: r.total, lines: round2(sign * perLine) });
  r.payments.forEach((p, i) => {
    if (p.amount * sign < 0 || (sign === 0 && p.amount !== 0)) throw new Bad('payment_sign', { key: `payments[${i}].amount`, kind: r.kind, value: p.amount });
  });
  const paid = r.payments.reduce((s, p) => s + p.amount, 0);
  if (r.paid && Math.abs(paid - r.total) > PAYMENT_TOLERANCE) throw new Bad('payments_mismatch', { paid: round2(paid), total: r.total });
}

export function checkJournalLine(data: unknown): Checked {
  try {
    const r = receipt(data);
    checkMoney(r);
    return { ok: true, receipt: r };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, code: err.code, params: err.params };
    throw err;
  }
}
