// Paper slips have no receipt number, so they are matched the way a person would: a receipt in
// the journals or the database within a time window of the slip, with the same items and
// quantities and the same total. A match means the sale is already recorded; no match means it
// is missing, but paper is typed by hand, so a person confirms it (--confirm ID) before --apply
// enters it. Each receipt explains at most one slip: two customers may buy the same thing.
import { usageError } from '../core/errors.js';
import { groupByKey } from './classify.js';
import type { ManualSlip } from './manual.js';
import { keyOf, round3, showRef, type SourceReceipt, type SourceRef } from './model.js';
import type { DbLine, SalesDb } from './sales-db.js';

export type SlipStatus = 'in_database' | 'confirmed' | 'unconfirmed' | 'matched' | 'unknown_code' | 'invalid';

/** A slip waiting for a person to hold it against the paper and confirm it. */
export const awaitsConfirmation = (status: string): boolean => status === 'unconfirmed';
/** A slip that cannot be entered as written: the slip file must be corrected first. */
export const cannotBeEntered = (status: string): boolean => status === 'unknown_code' || status === 'invalid';

export interface ClassifiedSlip {
  id: string;
  register: string;
  slip_no: string;
  at: string;
  total: number;
  status: SlipStatus;
  source: SourceRef;
  duplicates: SourceRef[];
  matched_to: string | null;
  unknown_codes: string[];
  receipt: SourceReceipt;
}

interface Candidate {
  key: string;
  atMs: number;
  total: number;
  items: string;
}

const items = (lines: ReadonlyArray<{ sku: string | undefined; qty: number }>) =>
  lines.map((l) => `${l.sku}\u0000${round3(l.qty)}`).sort().join('\u0001');

export interface ManualMatchOptions {
  windowMs: number;
  confirm: ReadonlySet<string>;
}

export function matchSlips(slips: readonly ManualSlip[], journal: readonly SourceReceipt[], db: SalesDb, opts: ManualMatchOptions): ClassifiedSlip[] {
  const groups = groupByKey(slips.map((s) => s.receipt));
  const bySlip = new Map(slips.map((s) => [s.receipt, s]));
  const slipKeys = new Set(groups.keys());
  const candidates = candidatesFor(slips, journal, db, slipKeys, opts);
  const used = new Set<string>();
  const out: ClassifiedSlip[] = [];
  const ordered = [...groups.values()].sort((a, b) => a[0]!.atMs - b[0]!.atMs);
  for (const copies of ordered) {
    const r = copies[0]!;
    const slip = bySlip.get(r)!;
    const unknown = [...new Set(r.lines.filter((l) => l.sku === undefined).map((l) => l.code))];
    const entry: ClassifiedSlip = {
      id: r.receipt_no, register: r.register, slip_no: slip.slipNo, at: r.at, total: r.total, status: 'unconfirmed',
      source: r.source, duplicates: copies.slice(1).map((c) => c.source), matched_to: null, unknown_codes: unknown, receipt: r,
    };
    out.push(entry);
    if (db.sale(r.register, r.receipt_no)) entry.status = 'in_database';
    else if (slip.badRows > 0) entry.status = 'invalid';
    else if (unknown.length > 0) entry.status = 'unknown_code';
    else {
      const wanted = items(r.lines);
      const match = candidates
        .filter((c) => !used.has(c.key) && Math.abs(c.atMs - r.atMs) <= opts.windowMs && Math.abs(c.total - r.total) <= 0.01 && c.items === wanted)
        .sort((a, b) => Math.abs(a.atMs - r.atMs) - Math.abs(b.atMs - r.atMs))[0];
      if (match) {
        used.add(match.key);
        entry.status = 'matched';
        entry.matched_to = match.key;
      } else if (opts.confirm.has(entry.id)) entry.status = 'confirmed';
    }
  }
  checkConfirmations(out, opts.confirm);
  return out;
}

/** Journal receipts and database sales near the slips' times, other slips excepted. */
function candidatesFor(slips: readonly ManualSlip[], journal: readonly SourceReceipt[], db: SalesDb, slipKeys: ReadonlySet<string>, opts: ManualMatchOptions): Candidate[] {
  if (slips.length === 0) return [];
  const times = slips.map((s) => s.receipt.atMs);
  const fromMs = Math.min(...times) - opts.windowMs;
  const toMs = Math.max(...times) + opts.windowMs;
  const out = new Map<string, Candidate>();
  for (const r of journal) {
    if (r.kind === 'sale' && r.atMs >= fromMs && r.atMs <= toMs) out.set(keyOf(r), { key: keyOf(r), atMs: r.atMs, total: r.total, items: items(r.lines) });
  }
  const totals = new Set(slips.map((s) => Math.round(s.receipt.total * 100)));
  for (const s of db.salesBetween(fromMs, toMs)) {
    const key = keyOf(s);
    // Only sales whose total some slip has are worth reading the lines of.
    if (s.kind !== 'sale' || out.has(key) || slipKeys.has(key) || !totals.has(Math.round(s.total * 100))) continue;
    const lines: DbLine[] = db.linesOf(s.id);
    out.set(key, { key, atMs: s.atMs, total: s.total, items: items(lines) });
  }
  return [...out.values()];
}

function checkConfirmations(slips: readonly ClassifiedSlip[], confirm: ReadonlySet<string>): void {
  const byId = new Map(slips.map((s) => [s.id, s]));
  for (const id of confirm) {
    const s = byId.get(id);
    if (!s) throw usageError('reconcile.confirmNotFound', { id }, { key: 'hint.confirmIds' });
    if (s.status === 'matched') throw usageError('reconcile.confirmMatched', { id, receipt: s.matched_to! }, { key: 'hint.confirmIds' });
    if (s.status === 'invalid') throw usageError('reconcile.confirmInvalid', { id, source: showRef(s.source) }, { key: 'hint.confirmIds' });
    if (s.status === 'unknown_code') throw usageError('reconcile.confirmUnknown', { id, codes: s.unknown_codes.join(', ') }, { key: 'hint.confirmIds' });
  }
}
