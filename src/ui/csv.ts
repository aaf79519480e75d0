// CSV for people's spreadsheets (reconcile --out): a header row, CRLF line ends, and a UTF-8 BOM
// so Excel shows Chinese names correctly. Written atomically: a half-written list is worse than none.
import { writeFileAtomic } from '../core/atomic.js';
import { describeCause, failure } from '../core/errors.js';

export type Cell = string | number | null | undefined;

const cell = (v: Cell) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function csvText(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function writeCsv(file: string, shown: string, header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): void {
  try {
    writeFileAtomic(file, csvText(header, rows));
  } catch (err) {
    throw failure('reconcile.outFailed', { file: shown, problem: describeCause(err) });
  }
}
