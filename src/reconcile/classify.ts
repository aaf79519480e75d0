// Matching register receipts with the database, by (register, receipt number): every receipt
// is in the database, missing from it, or in both but different (a conflict); copies within the
// sources are duplicates when identical and a reused number when not; receipts the database has
// in a journal's time span that no journal has are shown for information. A receipt number written
// with leading zeros on one side only (000123 / 123) still names the same receipt.
import { fingerprint, keyOf, looseKeyOf, showRef, type Problem, type SourceReceipt, type SourceRef } from './model.js';
import { toCents, toMilli } from './normalize.js';
import type { DbLine, DbSale, SalesDb } from './sales-db.js';

export type ReceiptStatus = 'in_database' | 'missing' | 'conflict' | 'source_conflict' | 'unknown_code' | 'database_only';

export interface Difference {
  field: 'kind' | 'total' | 'qty' | 'unit_price';
  sku: string | null;
  source: string | number | null;
  database: string | number | null;
}

export interface ClassifiedReceipt {
  key: string;
  register: string;
  receipt_no: string;
  at: string;
  kind: string;
  total: number;
  status: ReceiptStatus;
  source: SourceRef | null;
  /** Identical copies in the sources (a register that resent a line). */
  duplicates: SourceRef[];
  /** Other content under the same number (source_conflict). */
  others: SourceRef[];
  differences: Difference[];
  unknown_codes: string[];
  receipt: SourceReceipt | undefined;
}

/** Copies of each key in source order; the first is the one that counts. */
export function groupByKey(receipts: readonly SourceReceipt[]): Map<string, SourceReceipt[]> {
  const groups = new Map<string, SourceReceipt[]>();
  for (const r of receipts) {
    const key = keyOf(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

/** Per SKU, the quantity in thousandths and the price in cents: compared as whole numbers, the way the register rounds. */
function summed(lines: ReadonlyArray<{ sku: string; qty: number; unit_price: number }>): Map<string, { milli: number; cents: number }> {
  const out = new Map<string, { milli: number; cents: number }>();
  for (const l of lines) {
    const seen = out.get(l.sku);
    out.set(l.sku, { milli: (seen?.milli ?? 0) + toMilli(l.qty), cents: toCents(l.unit_price) });
  }
  return out;
}

export function compare(r: SourceReceipt, sale: DbSale, dbLines: readonly DbLine[]): Difference[] {
  const out: Difference[] = [];
  if (r.kind !== sale.kind) out.push({ field: 'kind', sku: null, source: r.kind, database: sale.kind });
  const lines: Difference[] = [];
  const mine = summed(r.lines.map((l) => ({ sku: l.sku ?? l.code, qty: l.qty, unit_price: l.unit_price })));
  const theirs = summed(dbLines);
  for (const sku of new Set([...mine.keys(), ...theirs.keys()])) {
    const a = mine.get(sku);
    const b = theirs.get(sku);
    if (a?.milli !== b?.milli) lines.push({ field: 'qty', sku, source: a ? a.milli / 1000 : null, database: b ? b.milli / 1000 : null });
    else if (a && b && a.cents !== b.cents) lines.push({ field: 'unit_price', sku, source: a.cents / 100, database: b.cents / 100 });
  }
  // A system that keeps no total sums its lines (OSPOS does): the register rounds each line to the
  // cent, the sum is rounded once, and with weighed goods the two may part by half a cent a line.
  // With every line the same, a total that far apart is the same sale; further, or with a line
  // changed, it is a conflict.
  const slack = lines.length === 0 && r.lines.length > 1 ? Math.floor(r.lines.length / 2 + 0.5) : 0;
  if (Math.abs(toCents(r.total) - toCents(sale.total)) > slack) out.push({ field: 'total', sku: null, source: r.total, database: sale.total });
  return [...out, ...lines];
}

function unknownCodes(r: SourceReceipt): string[] {
  const out: string[] = [];
  for (const l of r.lines) if (l.sku === undefined && !out.includes(l.code)) out.push(l.code);
  return out;
}

export function classifyReceipts(groups: Map<string, SourceReceipt[]>, db: SalesDb, problems: Problem[], inSpans: readonly DbSale[]): ClassifiedReceipt[] {
  const out: ClassifiedReceipt[] = [];
  const byLooseKey = new Map(inSpans.map((s) => [looseKeyOf(s), s]));
  for (const [key, copies] of groups) {
    const first = copies[0]!;
    const entry: ClassifiedReceipt = {
      key, register: first.register, receipt_no: first.receipt_no, at: first.at, kind: first.kind, total: first.total, status: 'missing',
      source: first.source, duplicates: [], others: [], differences: [], unknown_codes: unknownCodes(first), receipt: first,
    };
    out.push(entry);
    if (copies.length > 1) {
      // Only keys seen twice need comparing: most receipts are read once.
      const mine = fingerprint(first);
      const differing = copies.filter((c) => fingerprint(c) !== mine);
      if (differing.length > 0) {
        entry.status = 'source_conflict';
        entry.others = copies.slice(1).map((c) => c.source);
        for (const c of differing) problems.push({ file: c.source.file, line: c.source.line, code: 'receipt_reused', params: { receipt: key, first: showRef(first.source) } });
        continue;
      }
      entry.duplicates = copies.slice(1).map((c) => c.source);
    }
    const sale = db.sale(first.register, first.receipt_no) ?? byLooseKey.get(looseKeyOf(first));
    if (sale) {
      entry.differences = compare(first, sale, db.linesOf(sale.id));
      entry.status = entry.differences.length > 0 ? 'conflict' : 'in_database';
    } else if (entry.unknown_codes.length > 0) {
      entry.status = 'unknown_code';
      for (const code of entry.unknown_codes) problems.push({ file: first.source.file, line: first.source.line, code: 'unknown_code', params: { code } });
    }
  }
  return out;
}

/** The sales the database holds within the span each register's journal covers. */
export function salesInJournalSpans(journal: readonly SourceReceipt[], db: SalesDb): DbSale[] {
  const spans = new Map<string, { from: number; to: number }>();
  for (const r of journal) {
    const s = spans.get(r.register);
    if (!s) spans.set(r.register, { from: r.atMs, to: r.atMs });
    else {
      s.from = Math.min(s.from, r.atMs);
      s.to = Math.max(s.to, r.atMs);
    }
  }
  if (spans.size === 0) return [];
  const all = [...spans.values()];
  const from = Math.min(...all.map((s) => s.from));
  const to = Math.max(...all.map((s) => s.to));
  return db.salesBetween(from, to).filter((s) => {
    const span = spans.get(s.register);
    return span !== undefined && s.atMs >= span.from && s.atMs <= span.to;
  });
}

/** Of those, the ones no source has (matched by looseKeyOf: padding is not a difference). */
export function databaseOnly(inSpans: readonly DbSale[], sources: ReadonlyArray<{ register: string; receipt_no: string }>): ClassifiedReceipt[] {
  const sourceKeys = new Set(sources.map(looseKeyOf));
  return inSpans
    .filter((s) => !sourceKeys.has(looseKeyOf(s)))
    .map((s) => ({
      key: keyOf(s), register: s.register, receipt_no: s.receipt_no, at: s.at, kind: s.kind, total: s.total, status: 'database_only' as const,
      source: null, duplicates: [], others: [], differences: [], unknown_codes: [], receipt: undefined,
    }));
}
