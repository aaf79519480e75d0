// CSV files typed by people (the manual-records template) or exported by hand scanners (counts):
// a header, then rows, in the file's encoding (UTF-8 by default, Excel's BOM accepted). A wrong
// header rejects the file; a row that cannot be read is reported at its own line and skipped, and
// the rows around it are still read.
//
// Rows are found before they are parsed: a row ends at a line end outside quotes, so a quoted note
// may span lines, and a quote never closed is reported where it opened. Handing csv-parse the
// whole file instead would read on to the end (or to the next quote) looking for the closing
// quote, report the problem there and swallow the good rows in between.
import { parse } from 'csv-parse/sync';
import { describeCause } from '../core/errors.js';
import type { Problem } from './model.js';
import { readTextLines, type SourceFile, type TextLines } from './text-lines.js';

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
  /** It holds bytes the file's encoding cannot decode: already reported, never to be entered. */
  undecodable: boolean;
}

export interface CsvRead {
  rows: CsvRow[];
  problems: Problem[];
}

interface FoundRow {
  line: number;
  cells: string[];
  undecodable: boolean;
}

function quotes(s: string): number {
  let n = 0;
  for (let at = s.indexOf('"'); at >= 0; at = s.indexOf('"', at + 1)) n++;
  return n;
}
const OPTIONS = { relax_column_count: true, trim: true } as const;
/** Rows parsed in one call: csv-parse costs far more per call than per row. */
const BATCH = 1000;

/** The last line (0-based) of the row that starts on line i, or undefined when a quote opened in it is never closed. */
function rowEnd(lines: readonly string[], i: number): number | undefined {
  let end = i;
  let open = quotes(lines[i]!) % 2 === 1;
  while (open && end + 1 < lines.length) open = (quotes(lines[++end]!) % 2 === 1) !== open;
  return open ? undefined : end;
}

/** The rows of the file with the line each starts on; unreadable ones reported and left out. */
function records(text: TextLines, src: SourceFile, problems: Problem[]): FoundRow[] {
  const { lines } = text;
  const out: FoundRow[] = [];
  const blank = (i: number) => lines[i]!.trim() === '';
  const problem = (i: number, code: Problem['code'], params: Problem['params']) => problems.push({ file: src.shown, line: i + 1, code, params });
  const found = (from: number, to: number, cells: string[]) => {
    let undecodable = false;
    for (let k = from; k <= to; k++) undecodable ||= text.undecodable.has(k + 1);
    if (undecodable) problem(from, 'undecodable', { encoding: src.encoding, setting: src.setting });
    out.push({ line: from + 1, cells, undecodable });
  };
  // Row by row from line i until a row starts at or after `stop`: each problem named where its row starts.
  const slow = (i: number, stop: number): number => {
    while (i < stop && i < lines.length) {
      if (blank(i)) {
        i++;
        continue;
      }
      const end = rowEnd(lines, i);
      if (end === undefined) {
        problem(i, 'csv_unclosed_quote', {});
        i++;
        continue;
      }
      try {
        for (const cells of parse(lines.slice(i, end + 1).join('\n'), OPTIONS) as string[][]) found(i, end, cells);
        i = end + 1;
      } catch (err) {
        // Read on from the next line: a stray quote must not take the rows after it along.
        problem(i, 'csv_unreadable', { problem: (err as Error).message.replace(/ at line \d+.*$/, '') });
        i++;
      }
    }
    return i;
  };
  let i = 0;
  while (i < lines.length) {
    const batch: Array<{ from: number; to: number }> = [];
    let j = i;
    let unclosed = false;
    while (j < lines.length && batch.length < BATCH) {
      if (blank(j)) {
        j++;
        continue;
      }
      const end = rowEnd(lines, j);
      if ((unclosed = end === undefined)) break;
      batch.push({ from: j, to: end! });
      j = end! + 1;
    }
    let parsed: string[][] | undefined;
    try {
      parsed = batch.length === 0 ? [] : (parse(batch.map((r) => lines.slice(r.from, r.to + 1).join('\n')).join('\n'), OPTIONS) as string[][]);
    } catch {
      parsed = undefined;
    }
    if (parsed && parsed.length === batch.length) {
      batch.forEach((r, k) => found(r.from, r.to, parsed[k]!));
      i = j;
    } else {
      i = slow(i, j);
    }
    if (unclosed && i === j) i = slow(j, j + 1);
  }
  return out;
}

export function readCsv(src: SourceFile, columns: { required: readonly string[]; optional: readonly string[] }): CsvRead {
  const problems: Problem[] = [];
  let text: TextLines;
  try {
    text = readTextLines(src.file, src.encoding);
  } catch (err) {
    return { rows: [], problems: [{ file: src.shown, line: 0, code: 'file_unreadable', params: { problem: describeCause(err) } }] };
  }
  const found = records(text, src, problems);
  const [header, ...body] = found;
  if (!header) return { rows: [], problems };
  const names = header.cells.map((h) => h.toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  if (columns.required.some((c) => !names.includes(c)) || names.some((n) => !known.has(n)) || new Set(names).size !== names.length) {
    const expected = [...columns.required, ...columns.optional.map((c) => `[${c}]`)].join(',');
    return { rows: [], problems: [...problems, { file: src.shown, line: header.line, code: 'csv_header', params: { expected, got: header.cells.join(',') } }] };
  }
  const rows: CsvRow[] = [];
  for (const { line, cells, undecodable } of body) {
    if (cells.length !== names.length && !undecodable) {
      problems.push({ file: src.shown, line, code: 'csv_row', params: { expected: names.length, got: cells.length } });
      continue;
    }
    rows.push({ line, cells: Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ''])), undecodable });
  }
  return { rows, problems };
}

/** A quantity or price as people type it; undefined when it is not a plain number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}
