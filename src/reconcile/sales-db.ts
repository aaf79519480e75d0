// The sales side of the store database, through the mapping: one receipt by its key with its
// lines, and the receipts of a time window. Lookups by key are what make --apply exactly-once.
import type Database from 'better-sqlite3';
import { Catalogue } from './catalogue.js';
import { prepareRead, readSql, type MappedDb } from './mapped-db.js';

export interface DbSale {
  id: number | bigint | string;
  register: string;
  receipt_no: string;
  at: string;
  kind: string;
  total: number;
}

export interface DbLine {
  sku: string;
  qty: number;
  unit_price: number;
}

export class SalesDb {
  private readonly byKey: Database.Statement;
  private readonly lines: Database.Statement;
  private readonly between: Database.Statement;

  constructor(readonly store: MappedDb) {
    this.byKey = prepareRead(store, 'sale_by_key');
    this.lines = prepareRead(store, 'sale_lines');
    this.between = prepareRead(store, 'sales_between');
  }

  sale(register: string, receiptNo: string): DbSale | undefined {
    return this.byKey.get({ register, receipt_no: receiptNo }) as DbSale | undefined;
  }

  linesOf(saleId: DbSale['id']): DbLine[] {
    return this.lines.all({ sale_id: saleId }) as DbLine[];
  }

  salesBetween(from: string, to: string): DbSale[] {
    return this.between.all({ from, to }) as DbSale[];
  }
}

export function loadCatalogue(store: MappedDb): Catalogue {
  prepareRead(store, 'products');
  // Only the two code columns, as arrays: the rest of each product is not needed to resolve codes.
  const rows = store.db.prepare(`SELECT sku, barcode FROM (${readSql(store, 'products')})`).raw().iterate() as IterableIterator<[unknown, unknown]>;
  function* codes(): Generator<[string, string | null]> {
    for (const [sku, barcode] of rows) yield [String(sku), barcode === null ? null : String(barcode)];
  }
  return new Catalogue(codes());
}

export interface ProductFacts {
  name: string;
  cost: number;
}

/** Name and cost of the SKUs a report lists. */
export function productFacts(store: MappedDb, skus: Iterable<string>): Map<string, ProductFacts> {
  const { db } = store;
  db.pragma('temp_store = MEMORY');
  db.exec('DROP TABLE IF EXISTS temp.reconcile_wanted; CREATE TEMP TABLE reconcile_wanted (sku TEXT PRIMARY KEY) WITHOUT ROWID;');
  const insert = db.prepare('INSERT OR IGNORE INTO temp.reconcile_wanted (sku) VALUES (?)');
  db.transaction(() => {
    for (const sku of skus) insert.run(sku);
  })();
  const rows = db.prepare(`SELECT sku, name, cost FROM (${readSql(store, 'products')}) WHERE sku IN (SELECT sku FROM temp.reconcile_wanted)`).raw().all() as Array<[string, unknown, unknown]>;
  return new Map(rows.map(([sku, name, cost]) => [String(sku), { name: String(name ?? ''), cost: Number(cost) }]));
}
