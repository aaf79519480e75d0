// A physical count as a hand scanner exports it: sku_or_barcode, counted_qty, and optionally
// location and counted_at. One SKU on several shelves (different locations) adds up, as stores
// count; the same SKU twice at one location (or with no location) is ambiguous: reported, and
// that SKU is left for a person rather than guessed.
import { parseNumber, readCsv } from './csv.js';
import { MAX_QTY, implausibleTime } from './input-rules.js';
import { startsLikeFormula } from '../core/spreadsheet-formula.js';
import type { Problem } from './model.js';
import { formatStoreTime, parseSourceTime } from './store-time.js';
import type { InputEncoding } from './text-lines.js';

export const COUNT_COLUMNS = { required: ['sku_or_barcode', 'counted_qty'], optional: ['location', 'counted_at'] } as const;

export interface CountedSku {
  sku: string;
  /** As written in the file (first row). */
  code: string;
  counted: number;
  lines: number[];
  /** When it was counted; undefined when the file does not say. */
  countedAtMs: number | undefined;
  locations: string[];
}

export interface CountRead {
  counted: Map<string, CountedSku>;
  /** Counted twice at one place: not adjusted. */
  ambiguous: Set<string>;
  unknown: Array<{ code: string; line: number; counted: number }>;
  problems: Problem[];
  rows: number;
}

export function readCount(
  file: string, shown: string, timeZone: string, resolve: (code: string) => string | undefined,
  opts: { encoding?: InputEncoding; now?: number } = {},
): CountRead {
  const encoding = opts.encoding ?? 'utf-8';
  const now = opts.now ?? Date.now();
  const csv = readCsv({ file, shown, encoding, setting: `--encoding ${encoding === 'utf-8' ? 'gb18030' : 'utf-8'}` }, COUNT_COLUMNS);
  const out: CountRead = { counted: new Map(), ambiguous: new Set(), unknown: [], problems: [...csv.problems], rows: csv.rows.length };
  const bad = (line: number, code: Problem['code'], params: Problem['params']) => out.problems.push({ file: shown, line, code, params });
  for (const { line, cells, undecodable } of csv.rows) {
    if (undecodable) continue;
    const code = cells.sku_or_barcode!;
    const qty = parseNumber(cells.counted_qty!);
    if (code === '') {
      bad(line, 'missing_value', { column: 'sku_or_barcode' });
      continue;
    }
    if (startsLikeFormula(code)) {
      bad(line, 'formula_id', { key: 'sku_or_barcode', value: code });
      continue;
    }
    if (qty === undefined) {
      bad(line, 'bad_number', { column: 'counted_qty', value: cells.counted_qty! });
      continue;
    }
    if (qty < 0) {
      bad(line, 'bad_quantity', { value: cells.counted_qty! });
      continue;
    }
    if (qty > MAX_QTY) {
      bad(line, 'out_of_range', { key: 'counted_qty', value: cells.counted_qty!, max: MAX_QTY });
      continue;
    }
    const at = cells.counted_at ? parseSourceTime(cells.counted_at, timeZone) : undefined;
    if (cells.counted_at && at === undefined) {
      bad(line, 'bad_time', { value: cells.counted_at });
      continue;
    }
    if (at !== undefined && implausibleTime(at, now)) {
      bad(line, 'implausible_time', { value: cells.counted_at!, now: formatStoreTime(now, timeZone) });
      continue;
    }
    const sku = resolve(code);
    if (sku === undefined) {
      out.unknown.push({ code, line, counted: qty });
      continue;
    }
    const location = cells.location ?? '';
    const seen = out.counted.get(sku);
    if (!seen) {
      out.counted.set(sku, { sku, code, counted: qty, lines: [line], countedAtMs: at, locations: [location] });
      continue;
    }
    if (location === '' || seen.locations.includes(location)) {
      bad(line, 'count_twice', { code, first: seen.lines[0]! });
      out.ambiguous.add(sku);
    }
    seen.counted = Math.round((seen.counted + qty) * 1000) / 1000;
    seen.lines.push(line);
    seen.locations.push(location);
    if (at !== undefined) seen.countedAtMs = Math.max(seen.countedAtMs ?? at, at);
  }
  return out;
}
