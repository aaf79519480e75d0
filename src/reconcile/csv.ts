// CSV files typed by people (the manual-records template) or exported by hand scanners (counts):
// UTF-8 with a header, Excel's BOM accepted. A wrong header rejects the file; a row that cannot
// be read is reported with its line and skipped, and the rows around it are still read.
import { readFileSync } from 'node:fs';
import { parse, type Options } from 'csv-parse/sync';
import { describeCause } from '../core/errors.js';
import type { Problem } from './model.js';

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface CsvRead {
  rows: CsvRow[];
  problems: Problem[];
}

export function readCsv(file: string, shown: string, columns: { required: readonly string[]; optional: readonly string[] }): CsvRead {
  const problems: Problem[] = [];
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With info: true each record comes as { record, info }; the typings only know plain rows.
    const options: Options = {
      bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, skip_records_with_error: true,
      on_skip: (err) => {
        if (err) problems.push({ file: shown, line: (err as { lines?: number }).lines ?? 0, code: 'csv_unreadable', params: { problem: err.message.replace(/ at line \d+.*$/, '') } });
        return undefined;
      },
    };
    records = parse(readFileSync(file, 'utf8'), options) as unknown as typeof records;
  } catch (err) {
    return { rows: [], problems: [{ file: shown, line: 0, code: 'file_unreadable', params: { problem: describeCause(err) } }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems };
  const names = header.record.map((h) => h.toLowerCase());
  const known = new Set([...columns.required, ...columns.optional]);
  if (columns.required.some((c) => !names.includes(c)) || names.some((n) => !known.has(n)) || new Set(names).size !== names.length) {
    const expected = [...columns.required, ...columns.optional.map((c) => `[${c}]`)].join(',');
    return { rows: [], problems: [{ file: shown, line: header.info.lines, code: 'csv_header', params: { expected, got: header.record.join(',') } }] };
  }
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    // info.lines is where the record ends; a quoted cell may span lines, and people count from the start.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== names.length) {
      problems.push({ file: shown, line, code: 'csv_row', params: { expected: names.length, got: record.length } });
      continue;
    }
    rows.push({ line, cells: Object.fromEntries(names.map((n, i) => [n, record[i]!])) });
  }
  return { rows, problems };
}

/** A quantity or price as people type it; undefined when it is not a plain number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return undefined;
  return Number(t);
}
