// The paper slips a runbook's slips step puts in front of a person, read from `reconcile sales
// --json`: those waiting for a confirmation, and those that cannot be entered until the slip file
// is corrected (an unknown item code, a row that does not read).
import { awaitsConfirmation, cannotBeEntered } from '../reconcile/match-manual.js';
import type { CommandOutcome } from './command.js';
import type { SummaryLine } from './summarize.js';

export interface SlipToCheck {
  id: string;
  register: string;
  slip_no: string;
  at: string;
  total: number;
  source: string;
  status: string;
  unknown_codes: string[];
  items: Array<{ code: string; name: string | null; qty: number; unit_price: number }>;
  payments: Array<{ method: string; amount: number }>;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

function toSlip(s: Json): SlipToCheck {
  return {
    id: String(s.id ?? ''), register: String(s.register ?? ''), slip_no: String(s.slip_no ?? ''), at: String(s.at ?? ''),
    total: Number(s.total ?? 0), source: String(s.source ?? ''), status: String(s.status ?? ''),
    unknown_codes: Array.isArray(s.unknown_codes) ? s.unknown_codes.map(String) : [],
    items: list(s.items).map((i) => ({ code: String(i.code ?? ''), name: typeof i.name === 'string' && i.name !== '' ? i.name : null, qty: Number(i.qty ?? 0), unit_price: Number(i.unit_price ?? 0) })),
    payments: list(s.payments).map((p) => ({ method: String(p.method ?? ''), amount: Number(p.amount ?? 0) })),
  };
}

/** From reconcile sales' JSON: slips to confirm, slips that cannot be entered, and journal receipts still missing. */
export function slipsToCheck(doc: unknown): { waiting: SlipToCheck[]; blocked: SlipToCheck[]; missing: number } {
  const slips = list(obj(doc).slips).map(toSlip);
  const missing = Number(obj(obj(obj(obj(doc).total).receipts).missing).count ?? 0);
  return {
    waiting: slips.filter((s) => awaitsConfirmation(s.status)),
    blocked: slips.filter((s) => cannotBeEntered(s.status)),
    missing: Number.isFinite(missing) ? missing : 0,
  };
}

/** The outcome of a command that could not be run at all (a value it needs is missing). */
export function failedOutcome(argv: string[], summary: SummaryLine): CommandOutcome {
  return { argv, exit_code: 2, ok: false, completed: false, duration_ms: 0, summary: [summary], recommends: [], output: null, stderr_tail: '' };
}
