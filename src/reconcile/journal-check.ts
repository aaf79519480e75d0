// The shape of one journal line, checked by hand rather than with a schema library: a store's
// journals hold 100 000s of lines, and this runs once per line. The first thing wrong is reported
// as the key and the problem, in the config errors' words ("lines[0].qty: expected a number
// greater than 0, got -2").
import { SALE_KINDS, type SaleKind } from '../store/schema.js';
import { showValue } from '../core/config/describe-issue.js';

export interface JournalReceipt {
  register: string;
  receipt_no: string;
  at: string;
  cashier: string;
  kind: SaleKind;
  lines: Array<{ sku?: string; barcode?: string; qty: number; unit_price: number }>;
  payments: Array<{ method: string; amount: number }>;
  total: number;
  original?: { register: string; receipt_no: string };
}

export type Checked = { ok: true; receipt: JournalReceipt } | { ok: false; key: string; problem: string };

class Bad extends Error {
  constructor(readonly key: string, readonly problem: string) {
    super(problem);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(o: Obj, key: string, at: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  // Some registers write receipt numbers and codes as numbers.
  if (typeof v === 'number' && Number.isFinite(v) && key !== 'register' && key !== 'at') return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw new Bad(at + key, v === undefined ? 'missing (text is required)' : `expected text, got ${showValue(v)}`);
  return v.trim();
}

function number(o: Obj, key: string, at: string, rule?: { min: number; above: boolean }): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad(at + key, v === undefined ? 'missing (a number is required)' : `expected a number, got ${showValue(v)}`);
  if (rule && (rule.above ? v <= rule.min : v < rule.min)) throw new Bad(at + key, `expected a number ${rule.above ? 'greater than' : 'of at least'} ${rule.min}, got ${v}`);
  return v;
}

function list(o: Obj, key: string, optional: boolean): unknown[] {
  const v = o[key];
  if (v === undefined && optional) return [];
  if (!Array.isArray(v)) throw new Bad(key, v === undefined ? 'missing (a list is required)' : `expected a list, got ${showValue(v)}`);
  return v;
}

function receipt(d: unknown): JournalReceipt {
  if (!isObj(d)) throw new Bad('(line)', `expected a JSON object, got ${showValue(d)}`);
  const kind = d.kind;
  if (!SALE_KINDS.includes(kind as SaleKind)) throw new Bad('kind', `expected "sale", "return" or "void", got ${showValue(kind)}`);
  const at = text(d, 'at', '')!;
  if (!/\d\d:\d\d/.test(at)) throw new Bad('at', `needs a date and a time, got ${showValue(at)}`);
  const lines = list(d, 'lines', false);
  if (lines.length === 0) throw new Bad('lines', 'needs at least one line');
  const original = d.original;
  if (original !== undefined && !isObj(original)) throw new Bad('original', `expected a section of keys, got ${showValue(original)}`);
  return {
    register: text(d, 'register', '')!,
    receipt_no: text(d, 'receipt_no', '')!,
    at,
    cashier: typeof d.cashier === 'string' ? d.cashier : '',
    kind: kind as SaleKind,
    lines: lines.map((l, i) => {
      const where = `lines[${i}].`;
      if (!isObj(l)) throw new Bad(`lines[${i}]`, `expected a section of keys, got ${showValue(l)}`);
      const sku = text(l, 'sku', where, true);
      const barcode = text(l, 'barcode', where, true);
      if (sku === undefined && barcode === undefined) throw new Bad(`lines[${i}]`, 'needs a sku or a barcode');
      return { sku, barcode, qty: number(l, 'qty', where, { min: 0, above: true }), unit_price: number(l, 'unit_price', where, { min: 0, above: false }) };
    }),
    payments: list(d, 'payments', true).map((p, i) => {
      if (!isObj(p)) throw new Bad(`payments[${i}]`, `expected a section of keys, got ${showValue(p)}`);
      return { method: text(p, 'method', `payments[${i}].`)!, amount: number(p, 'amount', `payments[${i}].`) };
    }),
    total: number(d, 'total', ''),
    original: original && { register: text(original, 'register', 'original.')!, receipt_no: text(original, 'receipt_no', 'original.')! },
  };
}

export function checkJournalLine(data: unknown): Checked {
  try {
    return { ok: true, receipt: receipt(data) };
  } catch (err) {
    if (err instanceof Bad) return { ok: false, key: err.key, problem: err.problem };
    throw err;
  }
}
