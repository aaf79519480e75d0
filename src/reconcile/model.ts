// What reconcile reads and decides, shared by the readers, the matching and the writers. A
// receipt from a register journal and a paper slip typed into the manual CSV become the same
// SourceReceipt, so matching and --apply treat them alike; where each came from (file:line) stays
// with it to the report and into the database.
import type { SaleKind } from '../store/schema.js';

/** A place in an input file; paths are shown relative to the config's folder. */
export interface SourceRef {
  file: string;
  line: number;
  /** The last line, for a paper slip typed on several rows. */
  endLine?: number;
}

export const showRef = (r: SourceRef) => `${r.file}:${r.line}${r.endLine !== undefined && r.endLine !== r.line ? `-${r.endLine}` : ''}`;

/** Bad input: reported with its place, skipped, and never half-applied. */
export type ProblemCode =
  | 'journal_not_json' | 'journal_invalid' | 'csv_header' | 'csv_unreadable' | 'csv_row' | 'bad_quantity'
  | 'bad_number' | 'bad_time' | 'missing_value' | 'unknown_code' | 'receipt_reused' | 'count_twice' | 'file_unreadable'
  | 'csv_unclosed_quote' | 'undecodable' | 'duplicate_key' | 'formula_id' | 'out_of_range' | 'implausible_time'
  | 'total_mismatch' | 'void_total' | 'payment_sign' | 'payments_mismatch';

export interface Problem {
  file: string;
  line: number;
  code: ProblemCode;
  /** Filled into the message of the same name (reconcile.problem.<code>). */
  params: Record<string, string | number>;
}

export interface SourceLine {
  /** The SKU or barcode as written in the source. */
  code: string;
  /** The catalogue's SKU for it; undefined when the catalogue does not know the code. */
  sku: string | undefined;
  qty: number;
  unit_price: number;
}

export interface SourceReceipt {
  origin: 'journal' | 'manual';
  register: string;
  /** For a paper slip, its id (M-…): slips have no receipt number, and the id is what --confirm names. */
  receipt_no: string;
  /** As the store keeps times (store-time.ts). */
  at: string;
  atMs: number;
  cashier: string;
  kind: SaleKind;
  lines: SourceLine[];
  payments: Array<{ method: string; amount: number }>;
  total: number;
  original?: { register: string; receipt_no: string };
  source: SourceRef;
}

export const keyOf = (r: { register: string; receipt_no: string }) => `${r.register}/${r.receipt_no}`;

/**
 * The key two copies of one receipt share when one side writes its number with leading zeros and
 * the other does not (a journal's 000123, a database's integer 123): a receipt must never be taken
 * for a missing one, and entered twice, over how its number is padded.
 */
export const looseKeyOf = (r: { register: string; receipt_no: string }) =>
  `${r.register}/${/^\d+$/.test(r.receipt_no) ? r.receipt_no.replace(/^0+(?=\d)/, '') : r.receipt_no}`;

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Equal for two copies of the same receipt, different when a number was reused for other content. */
export function fingerprint(r: Pick<SourceReceipt, 'atMs' | 'kind' | 'total' | 'lines'>): string {
  return JSON.stringify([r.atMs, r.kind, round2(r.total), r.lines.map((l) => [l.sku ?? l.code, round3(l.qty), round2(l.unit_price)])]);
}
