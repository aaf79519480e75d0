// CSV for people's spreadsheets (reconcile --out, the demo's templates): a header row, CRLF line
// ends, and a UTF-8 BOM so Excel shows Chinese names correctly. Written atomically: a half-written
// list is worse than none.
//
// Text comes from journals, slips and databases nobody here controls, and a spreadsheet runs a
// cell that starts like a formula (src/core/spreadsheet-formula.ts). Such text cells get a leading '
// (the OWASP rule), which spreadsheets show as plain text. Cells that are numbers
// (quantities, money, differences) are written as numbers, -5 included: a finite number is never a
// formula, and a quoted one would no longer add up in the sheet.
import { writeFileAtomic } from '../core/atomic.js';
import { describeCause, failure } from '../core/errors.js';
import { startsLikeFormula } from '../core/spreadsheet-formula.js';

export type Cell = string | number | null | undefined;

export function csvCell(v: Cell): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (!(typeof v === 'number' && Number.isFinite(v)) && startsLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvText(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function writeCsv(file: string, shown: string, header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): void {
  try {
    writeFileAtomic(file, csvText(header, rows));
  } catch (err) {
    throw failure('reconcile.outFailed', { file: shown, problem: describeCause(err) });
  }
}
