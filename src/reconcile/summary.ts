// The report's numbers: per register and in total, how many receipts (and how much money) are
// in each class. Every class is always present, zero or not, so the JSON keeps one shape.
import type { ClassifiedReceipt, ReceiptStatus } from './classify.js';
import type { ClassifiedSlip, SlipStatus } from './match-manual.js';
import { round2 } from './model.js';

export interface Tally {
  count: number;
  amount: number;
}

const RECEIPT_CLASSES: readonly ReceiptStatus[] = ['in_database', 'missing', 'conflict', 'source_conflict', 'unknown_code', 'database_only'];
const SLIP_CLASSES: readonly SlipStatus[] = ['unconfirmed', 'confirmed', 'matched', 'in_database', 'unknown_code', 'invalid'];

export interface SalesTotals {
  receipts: Record<ReceiptStatus, Tally>;
  /** Extra copies in the sources, each entered once at most. */
  duplicates: Tally;
  slips: Record<SlipStatus, Tally>;
}

export interface RegisterSummary extends SalesTotals {
  register: string;
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, { count: 0, amount: 0 }])) as Record<K, Tally>;
const empty = (): SalesTotals => ({ receipts: zero(RECEIPT_CLASSES), duplicates: { count: 0, amount: 0 }, slips: zero(SLIP_CLASSES) });

function add(t: Tally, amount: number, count = 1): void {
  t.count += count;
  t.amount = round2(t.amount + amount * count);
}

export function summarize(receipts: readonly ClassifiedReceipt[], slips: readonly ClassifiedSlip[]): { registers: RegisterSummary[]; total: SalesTotals } {
  const total = empty();
  const byRegister = new Map<string, SalesTotals>();
  const of = (register: string) => {
    let s = byRegister.get(register);
    if (!s) byRegister.set(register, (s = empty()));
    return s;
  };
  for (const r of receipts) {
    for (const s of [total, of(r.register)]) {
      add(s.receipts[r.status], r.total);
      if (r.duplicates.length > 0) add(s.duplicates, r.total, r.duplicates.length);
    }
  }
  for (const slip of slips) {
    for (const s of [total, of(slip.register)]) {
      add(s.slips[slip.status], slip.total);
      if (slip.duplicates.length > 0) add(s.duplicates, slip.total, slip.duplicates.length);
    }
  }
  const registers = [...byRegister.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([register, s]) => ({ register, ...s }));
  return { registers, total };
}
