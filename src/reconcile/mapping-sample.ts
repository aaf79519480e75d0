// config check's look at what a mapping's reads return: each query run for a few rows (a
// sample, never the whole table: the query stops after SAMPLE_ROWS), and the values reconcile
// relies on checked in them: a SKU or a key that is empty, a time that is not one, a quantity or
// an amount of money that is text, a sale kind the registers do not know. The parameterized
// reads are fed from the sample of sales_between, so a receipt the database has is looked up.
import type { MessageKey, MessageParams } from '../core/i18n.js';
import { configError } from '../core/errors.js';
import { SALE_KINDS } from '../store/schema.js';
import { prepareRead, type MappedDb } from './mapped-db.js';
import { mappingWhere } from './mapping-where.js';
import type { ReadName } from './mapping.js';
import { parseSourceTime } from './store-time.js';

export const SAMPLE_ROWS = 5;

export interface Notice {
  key: MessageKey;
  params: MessageParams;
}

type Row = Record<string, unknown>;

const NOT_EMPTY = new Set(['sku', 'id', 'register', 'receipt_no', 'at']);
const NUMBERS = new Set(['price', 'cost', 'on_hand', 'qty_delta', 'counted_qty', 'total', 'qty', 'unit_price']);
const SALE_READS: ReadonlySet<ReadName> = new Set(['sale_by_key', 'sales_between']);

const shownValue = (v: unknown) => (typeof v === 'string' ? v : String(v)).slice(0, 40);

/** The first problem in the rows, as a config error naming the mapping key; times without an offset as a notice. */
function judge(m: MappedDb, name: ReadName, rows: Row[], timeZone: string, notices: Notice[]): void {
  const { file, key } = mappingWhere(m.mapping, `queries.${name}`, m.cwd, m.shown);
  rows.forEach((row, i) => {
    const at = { file, key, row: i + 1 };
    for (const [column, value] of Object.entries(row)) {
      const blank = value === null || (typeof value === 'string' && value.trim() === '');
      // The newest sale of a database without any is NULL, and that is an answer.
      if (blank && NOT_EMPTY.has(column) && name !== 'last_sale') throw configError('mapping.emptyValue', { ...at, column }, { key: 'hint.mapping' });
      if (blank) continue;
      if (NUMBERS.has(column) && typeof value !== 'number' && typeof value !== 'bigint') {
        throw configError('mapping.notNumber', { ...at, column, value: shownValue(value) }, { key: 'hint.mapping' });
      }
      if (column === 'at') {
        const text = shownValue(value);
        if (typeof value !== 'string' || parseSourceTime(value, timeZone) === undefined) throw configError('mapping.notTime', { ...at, column, value: text }, { key: 'hint.mapping' });
        if (!/([zZ]|[+-]\d\d:?\d\d)$/.test(value.trim()) && !notices.some((n) => n.params.key === key)) {
          notices.push({ key: 'mapping.timeWithoutOffset', params: { file, key, value: text, zone: timeZone } });
        }
      }
      if (column === 'kind' && SALE_READS.has(name) && !(SALE_KINDS as readonly unknown[]).includes(value)) {
        throw configError('mapping.badKind', { ...at, value: shownValue(value), kinds: SALE_KINDS.join(', ') }, { key: 'hint.mapping' });
      }
    }
  });
}

function sample(m: MappedDb, name: ReadName, params: Row): Row[] {
  const stmt = prepareRead(m, name);
  const rows: Row[] = [];
  for (const row of stmt.iterate(params) as IterableIterator<Row>) {
    rows.push(row);
    if (rows.length >= SAMPLE_ROWS) break;
  }
  return rows;
}

export interface ReadSample {
  /** queries.NAME and the rows its sample had; a parameterized read with nothing to look up is left at 0. */
  queries: Array<{ key: string; rows: number }>;
  /** A SKU and its price from the products sample, for the trial of the writes. */
  product: { sku: string; price: number } | null;
  notices: Notice[];
}

export function sampleReads(m: MappedDb, timeZone: string): ReadSample {
  const notices: Notice[] = [];
  const queries: ReadSample['queries'] = [];
  const take = (name: ReadName, params: Row = {}): Row[] => {
    if (m.mapping.queries[name] === undefined) return [];
    const rows = sample(m, name, params);
    judge(m, name, rows, timeZone, notices);
    queries.push({ key: `queries.${name}`, rows: rows.length });
    return rows;
  };
  const products = take('products');
  take('on_hand');
  take('movements');
  take('counts');
  // Wide bounds as text: every ISO 8601 time sorts between them.
  const sales = take('sales_between', { from: '0000-01-01T00:00:00+00:00', to: '9999-12-31T23:59:59+00:00' });
  const sale = sales[0];
  if (sale) {
    take('sale_by_key', { register: sale.register, receipt_no: sale.receipt_no });
    take('sale_lines', { sale_id: sale.id });
  } else {
    for (const name of ['sale_by_key', 'sale_lines'] as const) {
      prepareRead(m, name);
      queries.push({ key: `queries.${name}`, rows: 0 });
    }
  }
  take('last_sale');
  const first = products.find((p) => p.sku !== null && p.sku !== undefined);
  const product = first ? { sku: String(first.sku), price: typeof first.price === 'number' ? first.price : 1 } : null;
  return { queries, product, notices };
}
