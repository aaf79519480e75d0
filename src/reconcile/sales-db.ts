// The sales side of the store database, through the mapping: one receipt by its key with its
// lines, and the receipts of a time window. Lookups by key are what make --apply exactly-once.
import type Database from 'better-sqlite3';
import { Catalogue, type Product } from './catalogue.js';
import { prepareRead, type MappedDb } from './mapped-db.js';

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
  const stmt = prepareRead(store, 'products');
  // Rows as arrays: a large store has 200 000 products, and objects per row cost twice the time.
  const at = (name: string) => stmt.columns().findIndex((c) => c.name === name);
  const [sku, barcode, name, price, cost] = [at('sku'), at('barcode'), at('name'), at('price'), at('cost')];
  function* products(): Generator<Product> {
    for (const r of stmt.raw().iterate() as IterableIterator<unknown[]>) {
      yield { sku: String(r[sku]), barcode: r[barcode] === null ? null : String(r[barcode]), name: String(r[name] ?? ''), price: Number(r[price]), cost: Number(r[cost]) };
    }
  }
  return new Catalogue(products());
}
