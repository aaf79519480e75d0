// The sales side of the store database, through the mapping: one receipt by its key with its
// lines, and the receipts of a time window. Lookups by key are what make --apply exactly-once.
// Every row comes back normalized (normalize.ts): register and receipt number as text, times in
// the store's form with their moment, money to the cent as the register rounds, quantities to
// three decimals, SKUs as canonical text.
import type Database from 'better-sqlite3';
import { Catalogue } from './catalogue.js';
import { prepareRead, readSql, type MappedDb } from './mapped-db.js';
import type { ReadName } from './mapping.js';
import { skuSet, type Normalizer } from './normalize.js';
import { formatStoreTime } from './store-time.js';

export interface DbSale {
  id: number | bigint | string;
  register: string;
  receipt_no: string;
  at: string;
  atMs: number;
  kind: string;
  /** In units of money, exact to the cent. */
  total: number;
}

export interface DbLine {
  sku: string;
  qty: number;
  unit_price: number;
}

const DAY = 24 * 60 * 60_000;

export class SalesDb {
  private readonly byKey: Database.Statement;
  private readonly lines: Database.Statement;
  private readonly between: Database.Statement;

  constructor(readonly store: MappedDb, private readonly n: Normalizer) {
    this.byKey = prepareRead(store, 'sale_by_key');
    this.lines = prepareRead(store, 'sale_lines');
    this.between = prepareRead(store, 'sales_between');
  }

  private toSale(name: ReadName, row: Record<string, unknown>): DbSale {
    const n = this.n;
    const atMs = n.time(name, 'at', row.at);
    return {
      id: row.id as DbSale['id'], register: n.text(name, 'register', row.register), receipt_no: n.text(name, 'receipt_no', row.receipt_no),
      at: formatStoreTime(atMs, n.timeZone), atMs, kind: n.text(name, 'kind', row.kind), total: n.cents(name, 'total', row.total) / 100,
    };
  }

  sale(register: string, receiptNo: string): DbSale | undefined {
    const row = this.byKey.get({ register, receipt_no: receiptNo }) as Record<string, unknown> | undefined;
    return row && this.toSale('sale_by_key', row);
  }

  linesOf(saleId: DbSale['id']): DbLine[] {
    const n = this.n;
    return (this.lines.all({ sale_id: saleId }) as Array<Record<string, unknown>>).map((l) => ({
      sku: n.sku('sale_lines', l.sku), qty: n.milli('sale_lines', 'qty', l.qty) / 1000, unit_price: n.cents('sale_lines', 'unit_price', l.unit_price) / 100,
    }));
  }

  /**
   * The sales from one moment to another. The query is asked for a day more on each side, in
   * the store's ISO form: a database that keeps times otherwise (2026-12-03 14:05:00 sorts before
   * 2026-12-03T…) still returns every sale of the window, which is then cut exactly by moment.
   */
  salesBetween(fromMs: number, toMs: number): DbSale[] {
    const tz = this.n.timeZone;
    const rows = this.between.all({ from: formatStoreTime(fromMs - DAY, tz), to: formatStoreTime(toMs + DAY, tz) }) as Array<Record<string, unknown>>;
    return rows.map((r) => this.toSale('sales_between', r)).filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  }
}

export function loadCatalogue(store: MappedDb, n: Normalizer): Catalogue {
  prepareRead(store, 'products');
  // Only the two code columns, as arrays: the rest of each product is not needed to resolve codes.
  const rows = store.db.prepare(`SELECT sku, barcode FROM (${readSql(store, 'products')})`).raw().iterate() as IterableIterator<[unknown, unknown]>;
  function* codes(): Generator<[string, string | null]> {
    for (const [sku, barcode] of rows) yield [n.sku('products', sku), barcode === null || barcode === '' ? null : n.text('products', 'barcode', barcode)];
  }
  return new Catalogue(codes());
}

export interface ProductFacts {
  name: string;
  cost: number;
}

/** Name and cost of the SKUs a report lists. */
export function productFacts(store: MappedDb, n: Normalizer, skus: Iterable<string>): Map<string, ProductFacts> {
  const wanted = new Set(skus);
  const codes = skuSet(store, 'reconcile_wanted', wanted);
  const rows = store.db.prepare(`SELECT sku, name, cost FROM (${readSql(store, 'products')}) WHERE sku IN ${codes}`).raw().all() as Array<[unknown, unknown, unknown]>;
  const out = new Map<string, ProductFacts>();
  for (const [sku, name, cost] of rows) {
    const s = n.sku('products', sku);
    // SQLite's type conversions may let a near-namesake through ("060" for 60): the canonical text decides.
    if (wanted.has(s)) out.set(s, { name: name === null ? '' : String(name), cost: cost === null ? 0 : n.number('products', 'cost', cost) });
  }
  return out;
}
