// Register journals: one JSON object per line, one receipt per line (PRODUCT.md, "Register
// journal"). A line that is not JSON (a register that lost power mid-write leaves one) or not a
// receipt is reported with its file:line and skipped; every other line is still read.
import { readFileSync } from 'node:fs';
import { describeCause } from '../core/errors.js';
import { checkJournalLine } from './journal-check.js';
import { round2, type Problem, type SourceReceipt } from './model.js';
import { formatStoreTime, parseSourceTime } from './store-time.js';

export interface JournalRead {
  receipts: SourceReceipt[];
  problems: Problem[];
  lines: number;
}

export function readJournal(file: string, shown: string, timeZone: string, resolve: (code: string) => string | undefined): JournalRead {
  const out: JournalRead = { receipts: [], problems: [], lines: 0 };
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    out.problems.push({ file: shown, line: 0, code: 'file_unreadable', params: { problem: describeCause(err) } });
    return out;
  }
  const rows = content.split('\n');
  rows.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    out.lines++;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      out.problems.push({ file: shown, line: lineNo, code: 'journal_not_json', params: { start: raw.slice(0, 40) } });
      return;
    }
    const checked = checkJournalLine(data);
    const atMs = checked.ok ? parseSourceTime(checked.receipt.at, timeZone) : undefined;
    if (!checked.ok || atMs === undefined) {
      const { key, problem } = checked.ok ? { key: 'at', problem: `not a date and time: "${checked.receipt.at}"` } : checked;
      out.problems.push({ file: shown, line: lineNo, code: 'journal_invalid', params: { key, problem } });
      return;
    }
    const r = checked.receipt;
    const lines = r.lines.map((l) => {
      const written = l.sku ?? l.barcode!;
      return { code: written, sku: resolve(written) ?? (l.barcode !== undefined ? resolve(l.barcode) : undefined), qty: l.qty, unit_price: l.unit_price };
    });
    const base = { atMs, kind: r.kind, total: round2(r.total), lines };
    out.receipts.push({
      origin: 'journal', register: r.register, receipt_no: r.receipt_no, at: formatStoreTime(atMs, timeZone), cashier: r.cashier,
      payments: r.payments, original: r.original, source: { file: shown, line: lineNo }, ...base,
    });
  });
  return out;
}
