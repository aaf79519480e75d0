// Paper slips typed into the manual-records CSV during an outage (columns in the README: at, register,
// slip_no, sku_or_barcode, qty, unit_price, payment_method, staff, note). Rows of one slip become
// one receipt. Slips carry no receipt number, so each gets an id made from its content (M-…):
// the same slip keeps its id run after run, and a slip edited after a person confirmed it gets a
// new one, so a confirmation never applies something the person did not see.
import { createHash } from 'node:crypto';
import { round2, type Problem, type SourceLine, type SourceReceipt } from './model.js';
import { parseNumber, readCsv, type CsvRow } from './csv.js';
import { MAX_QTY, MAX_UNIT_PRICE, implausibleTime } from './input-rules.js';
import { startsLikeFormula } from '../core/spreadsheet-formula.js';
import { formatStoreTime, parseSourceTime } from './store-time.js';
import type { ReadContext, SourceFile } from './text-lines.js';

export const MANUAL_COLUMNS = {
  required: ['at', 'register', 'slip_no', 'sku_or_barcode', 'qty', 'unit_price', 'payment_method', 'staff', 'note'],
  optional: [],
} as const;

export interface ManualSlip {
  receipt: SourceReceipt;
  slipNo: string;
  /** Rows of the slip that could not be read: such a slip is never entered. */
  badRows: number;
}

export interface ManualRead {
  slips: ManualSlip[];
  problems: Problem[];
  rows: number;
}

interface ReadRow {
  row: CsvRow;
  atMs: number | undefined;
  line: SourceLine | undefined;
}

function readRow(row: CsvRow, shown: string, cx: ReadContext, problems: Problem[]): ReadRow {
  const c = row.cells;
  if (row.undecodable) return { row, atMs: undefined, line: undefined };
  const bad = (code: Problem['code'], params: Problem['params']) => problems.push({ file: shown, line: row.line, code, params });
  const before = problems.length;
  let atMs = /\d\d:\d\d/.test(c.at!) ? parseSourceTime(c.at!, cx.timeZone) : undefined;
  if (atMs === undefined) bad('bad_time', { value: c.at! });
  else if (implausibleTime(atMs, cx.now)) {
    bad('implausible_time', { value: c.at!, now: formatStoreTime(cx.now, cx.timeZone) });
    atMs = undefined;
  }
  for (const column of ['register', 'sku_or_barcode'] as const) if (c[column] === '') bad('missing_value', { column });
  for (const column of ['register', 'slip_no', 'sku_or_barcode'] as const) if (startsLikeFormula(c[column]!)) bad('formula_id', { key: column, value: c[column]! });
  const qty = parseNumber(c.qty!);
  if (qty === undefined) bad('bad_number', { column: 'qty', value: c.qty! });
  else if (qty <= 0) bad('bad_quantity', { value: c.qty! });
  else if (qty > MAX_QTY) bad('out_of_range', { key: 'qty', value: c.qty!, max: MAX_QTY });
  const price = parseNumber(c.unit_price!);
  if (price === undefined || price < 0) bad('bad_number', { column: 'unit_price', value: c.unit_price! });
  else if (price > MAX_UNIT_PRICE) bad('out_of_range', { key: 'unit_price', value: c.unit_price!, max: MAX_UNIT_PRICE });
  if (problems.length > before) return { row, atMs, line: undefined };
  const sku = cx.resolve(c.sku_or_barcode!);
  if (sku === undefined) bad('unknown_code', { code: c.sku_or_barcode! });
  return { row, atMs, line: { code: c.sku_or_barcode!, sku, qty: qty!, unit_price: price! } };
}

export function readManual(src: SourceFile, cx: ReadContext): ManualRead {
  const csv = readCsv(src, MANUAL_COLUMNS);
  const problems = [...csv.problems];
  const groups = new Map<string, ReadRow[]>();
  for (const row of csv.rows) {
    const read = readRow(row, src.shown, cx, problems);
    const c = row.cells;
    // Without a slip number, the rows one person wrote at one moment on one register are one slip.
    const key = c.slip_no ? `${c.register}\u0000${c.slip_no}` : `${c.register}\u0000${c.at}\u0000${c.staff}`;
    groups.set(key, [...(groups.get(key) ?? []), read]);
  }
  const slips = [...groups.values()].map((rows) => toSlip(rows, src.shown, cx.timeZone));
  return { slips, problems, rows: csv.rows.length };
}

function toSlip(rows: ReadRow[], shown: string, timeZone: string): ManualSlip {
  const first = rows[0]!.row.cells;
  const lines = rows.flatMap((r) => (r.line ? [r.line] : []));
  const times = rows.flatMap((r) => (r.atMs === undefined ? [] : [r.atMs]));
  const atMs = times.length > 0 ? Math.min(...times) : 0;
  const total = round2(lines.reduce((s, l) => s + round2(l.qty * l.unit_price), 0));
  const content = JSON.stringify([first.register, first.slip_no, atMs, lines.map((l) => [l.code, l.qty, l.unit_price])]);
  const id = `M-${createHash('sha256').update(content).digest('hex').slice(0, 8)}`;
  const base = { atMs, kind: 'sale' as const, total, lines };
  return {
    slipNo: first.slip_no!,
    badRows: rows.length - lines.length,
    receipt: {
      origin: 'manual', register: first.register!, receipt_no: id, at: formatStoreTime(atMs, timeZone), cashier: first.staff!,
      payments: [{ method: first.payment_method || 'cash', amount: total }],
      source: { file: shown, line: rows[0]!.row.line, endLine: rows[rows.length - 1]!.row.line },
      ...base,
    },
  };
}
