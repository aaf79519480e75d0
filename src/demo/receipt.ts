// A register receipt as the registers journal it (README, "Reconciling sales and stock": the journal line).
import type { SaleKind } from '../store/schema.js';

export interface ReceiptLine {
  sku: string;
  qty: number;
  unit_price: number;
}

export interface Receipt {
  register: string;
  receipt_no: string;
  at: string;
  cashier: string;
  kind: SaleKind;
  lines: ReceiptLine[];
  payments: Array<{ method: string; amount: number }>;
  total: number;
  original?: { register: string; receipt_no: string };
  reason?: string;
}

export function journalLine(r: Receipt): string {
  const { reason: _reason, ...rest } = r;
  return JSON.stringify(rest);
}
