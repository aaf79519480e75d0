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

const quotes = (s: string) => s.split('"').length - 1;

/** The rows of the file with the line each starts on; unreadable ones reported and left out. */
function records(text: TextLines, src: SourceFile, problems: Problem[]): FoundRow[] {
  const out: FoundRow[] = [];
  const shown = src.shown;
  const { lines } = text;
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    let end = i;
    let open = quotes(lines[i]!) % 2 === 1;
    while (open && end + 1 < lines.length) open = (quotes(lines[++end]!) % 2 === 1) !== open;
    const line = i + 1;
    if (open) {
      problems.push({ file: shown, line, code: 'csv_unclosed_quote', params: {} });
      i++;
      continue;
    }
    let cells: string[][];
    try {
      cells = parse(lines.slice(i, end + 1).join('\n'), { relax_column_count: true, trim: true }) as string[][];
    } catch (err) {
      problems.push({ file: shown, line, code: 'csv_unreadable', params: { problem: (err as Error).message.replace(/ at line \d+.*$/, '') } });
      i++;
      continue;
    }
    const undecodable = lines.slice(i, end + 1).some((_, k) => text.undecodable.has(line + k));
    if (undecodable) problems.push({ file: shown, line, code: 'undecodable', params: { encoding: src.encoding, setting: src.setting } });
    for (const row of cells) out.push({ line, cells: row, undecodable });
    i = end + 1;
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
