// Register journals: one JSON object per line, one receipt per line (README, "Reconciling sales
// and stock"). A line that is not JSON (a register that lost power mid-write leaves one), not a
// receipt, not decodable in the file's encoding, or not a plausible receipt (journal-check.ts) is
// reported with its file:line and skipped; every other line is still read.
import { describeCause } from '../core/errors.js';
import { implausibleTime } from './input-rules.js';
import { checkJournalLine, foundValue } from './journal-check.js';
import { duplicateKey } from './json-keys.js';
import { round2, type Problem, type SourceReceipt } from './model.js';
import { formatStoreTime, parseSourceTime } from './store-time.js';
import { readTextLines, type ReadContext, type SourceFile } from './text-lines.js';

export interface JournalRead {
  receipts: SourceReceipt[];
  problems: Problem[];
  lines: number;
}

export function readJournal(src: SourceFile, cx: ReadContext): JournalRead {
  const out: JournalRead = { receipts: [], problems: [], lines: 0 };
  const shown = src.shown;
  let text: ReturnType<typeof readTextLines>;
  try {
    text = readTextLines(src.file, src.encoding);
  } catch (err) {
    out.problems.push({ file: shown, line: 0, code: 'file_unreadable', params: { problem: describeCause(err) } });
    return out;
  }
  text.lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    out.lines++;
    const bad = (code: Problem['code'], params: Problem['params']) => out.problems.push({ file: shown, line: lineNo, code, params });
    if (text.undecodable.has(lineNo)) return bad('undecodable', { encoding: src.encoding, setting: src.setting });
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return bad('journal_not_json', { start: raw.slice(0, 40) });
    }
    const twice = duplicateKey(raw);
    if (twice !== undefined) return bad('duplicate_key', { key: twice });
    const checked = checkJournalLine(data);
    if (!checked.ok) return bad(checked.code, checked.params);
    const r = checked.receipt;
    const atMs = parseSourceTime(r.at, cx.timeZone);
    if (atMs === undefined) return bad('journal_invalid', { key: 'at', shape: 'notTime', ...foundValue(r.at) });
    if (implausibleTime(atMs, cx.now)) return bad('implausible_time', { value: r.at, now: formatStoreTime(cx.now, cx.timeZone) });
    const lines = r.lines.map((l) => {
      const written = l.sku ?? l.barcode!;
      return { code: written, sku: cx.resolve(written) ?? (l.barcode !== undefined ? cx.resolve(l.barcode) : undefined), qty: l.qty, unit_price: l.unit_price };
    });
    const base = { atMs, kind: r.kind, total: round2(r.total), lines };
    out.receipts.push({
      origin: 'journal', register: r.register, receipt_no: r.receipt_no, at: formatStoreTime(atMs, cx.timeZone), cashier: r.cashier,
      payments: r.payments, original: r.original, source: { file: shown, line: lineNo }, ...base,
    });
  });
  return out;
}
