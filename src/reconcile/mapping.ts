// The queries reconcile runs against the store database, by name. The reference schema's are
// built in; a store system with its own schema supplies the same names in a YAML file
// (reconcile.mapping in the config, read by mapping-load.ts). Reads must return the columns
// named here; statements may use only the parameters named here (:name). What the reads return
// is normalized before it is compared (normalize.ts): SKUs as text, times as moments, money in cents.
export const READS = {
  products: { columns: ['sku', 'barcode', 'name', 'price', 'cost'], params: [] },
  on_hand: { columns: ['sku', 'on_hand'], params: [] },
  movements: { columns: ['sku', 'qty_delta', 'kind', 'ref', 'at'], params: [] },
  counts: { columns: ['sku', 'counted_qty', 'at', 'ref'], params: [] },
  sale_by_key: { columns: ['id', 'register', 'receipt_no', 'at', 'kind', 'total'], params: ['register', 'receipt_no'] },
  sale_lines: { columns: ['sku', 'qty', 'unit_price'], params: ['sale_id'] },
  sales_between: { columns: ['id', 'register', 'receipt_no', 'at', 'kind', 'total'], params: ['from', 'to'] },
  /** The newest sale's time, one row: what diagnose and status show (last-sale.ts). */
  last_sale: { columns: ['at'], params: [] },
} as const;

export const WRITES = {
  /** Its id: a RETURNING column named id, else the inserted rowid. */
  sale: ['register', 'receipt_no', 'at', 'cashier', 'kind', 'total', 'source'],
  sale_line: ['sale_id', 'line_no', 'sku', 'qty', 'unit_price'],
  payment: ['sale_id', 'method', 'amount'],
  return_link: ['sale_id', 'original_sale_id', 'reason'],
  movement: ['sku', 'qty_delta', 'kind', 'ref', 'at', 'note'],
  /** Adds :qty_delta to the SKU's recorded stock. */
  on_hand: ['sku', 'qty_delta', 'now'],
  stocktake: ['ref', 'at', 'scope', 'taken_by'],
  stocktake_line: ['stocktake_id', 'sku', 'counted_qty', 'recorded_qty'],
} as const;

export type ReadName = keyof typeof READS;
export type WriteName = keyof typeof WRITES;

/**
 * Without these a mapping still works: no stocktakes (expected stock starts at zero), no payments,
 * no return links, the last sale found through sales_between. Writes are needed only by --apply
 * (REQUIRED_WRITES): a mapping without them is read-only.
 */
export const OPTIONAL: ReadonlySet<string> = new Set(['counts', 'last_sale', 'payment', 'return_link', 'stocktake', 'stocktake_line']);

/** The writes each --apply cannot do without. */
export const REQUIRED_WRITES = {
  'reconcile sales': ['sale', 'sale_line', 'movement', 'on_hand'],
  'reconcile stock': ['movement', 'on_hand'],
} as const satisfies Record<string, readonly WriteName[]>;

export interface Mapping {
  /** 'builtin', or the mapping file's absolute path. */
  file: string;
  queries: Partial<Record<ReadName, string>>;
  writes: Partial<Record<WriteName, string>>;
  /** The line of each key (queries.products, writes.sale, …) in the mapping file, for errors. */
  lines: Record<string, number>;
}

export const BUILTIN_MAPPING: Mapping = {
  file: 'builtin',
  lines: {},
  queries: {
    products: 'SELECT sku, barcode, name, price, cost FROM products',
    on_hand: 'SELECT sku, on_hand FROM stock',
    movements: 'SELECT sku, qty_delta, kind, ref, at FROM stock_movements',
    counts: 'SELECT l.sku AS sku, l.counted_qty AS counted_qty, s.taken_at AS at, s.ref AS ref FROM stocktake_lines l JOIN stocktakes s ON s.id = l.stocktake_id',
    sale_by_key: 'SELECT id, register, receipt_no, at, kind, total FROM sales WHERE register = :register AND receipt_no = :receipt_no',
    sale_lines: 'SELECT sku, qty, unit_price FROM sale_lines WHERE sale_id = :sale_id ORDER BY line_no',
    sales_between: 'SELECT id, register, receipt_no, at, kind, total FROM sales WHERE at >= :from AND at <= :to',
    last_sale: 'SELECT max(at) AS at FROM sales',
  },
  writes: {
    sale: 'INSERT INTO sales (register, receipt_no, at, cashier, kind, total, source) VALUES (:register, :receipt_no, :at, :cashier, :kind, :total, :source)',
    sale_line: 'INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (:sale_id, :line_no, :sku, :qty, :unit_price)',
    payment: 'INSERT INTO payments (sale_id, method, amount) VALUES (:sale_id, :method, :amount)',
    return_link: 'INSERT INTO returns (sale_id, original_sale_id, reason) VALUES (:sale_id, :original_sale_id, :reason)',
    movement: 'INSERT INTO stock_movements (sku, qty_delta, kind, ref, at, note) VALUES (:sku, :qty_delta, :kind, :ref, :at, :note)',
    on_hand: `INSERT INTO stock (sku, on_hand, updated_at) VALUES (:sku, round(:qty_delta, 3), :now)
      ON CONFLICT (sku) DO UPDATE SET on_hand = round(on_hand + excluded.on_hand, 3), updated_at = excluded.updated_at`,
    stocktake: 'INSERT INTO stocktakes (ref, taken_at, scope, taken_by) VALUES (:ref, :at, :scope, :taken_by)',
    stocktake_line: 'INSERT INTO stocktake_lines (stocktake_id, sku, counted_qty, recorded_qty) VALUES (:stocktake_id, :sku, :counted_qty, :recorded_qty)',
  },
};

/** The :name / @name / $name parameters a statement uses, string literals and comments aside. */
export function parametersOf(sql: string): string[] {
  const bare = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...new Set([...bare.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
}
