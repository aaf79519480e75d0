// The reference store schema: what a small supermarket's purchase / sales / inventory system
// keeps. store-ops creates it for the demo store and maps it by default; a foreign schema is
// reached through a mapping of queries instead. Quantities are REAL because produce is sold by
// weight; money is REAL yuan rounded to cents by the writers. The version is PRAGMA user_version.
export const SCHEMA_VERSION = 1;

export const MOVEMENT_KINDS = ['receipt', 'sale', 'return', 'adjustment', 'waste', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const SALE_KINDS = ['sale', 'return', 'void'] as const;
export type SaleKind = (typeof SALE_KINDS)[number];

export const SCHEMA_SQL = `
CREATE TABLE products (
  sku        TEXT PRIMARY KEY,
  barcode    TEXT UNIQUE,
  name       TEXT NOT NULL,
  category   TEXT NOT NULL,
  unit       TEXT NOT NULL,
  price      REAL NOT NULL CHECK (price >= 0),
  cost       REAL NOT NULL CHECK (cost >= 0),
  supplier   TEXT,
  active     INTEGER NOT NULL DEFAULT 1
);

-- What the system believes is on the shelf. It should always equal the last count plus every
-- movement since; when it does not, the data was distorted (a crash mid-write, a hand edit).
CREATE TABLE stock (
  sku         TEXT PRIMARY KEY REFERENCES products (sku),
  on_hand     REAL NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE stock_movements (
  id         INTEGER PRIMARY KEY,
  sku        TEXT NOT NULL REFERENCES products (sku),
  qty_delta  REAL NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN (${MOVEMENT_KINDS.map((k) => `'${k}'`).join(', ')})),
  ref        TEXT NOT NULL,
  at         TEXT NOT NULL,
  note       TEXT
);
CREATE INDEX stock_movements_sku_at ON stock_movements (sku, at);
CREATE INDEX stock_movements_ref ON stock_movements (ref);

CREATE TABLE purchase_receipts (
  id           INTEGER PRIMARY KEY,
  receipt_no   TEXT NOT NULL UNIQUE,
  supplier     TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  received_by  TEXT NOT NULL,
  total_cost   REAL NOT NULL
);

CREATE TABLE purchase_receipt_lines (
  receipt_id  INTEGER NOT NULL REFERENCES purchase_receipts (id),
  line_no     INTEGER NOT NULL,
  sku         TEXT NOT NULL REFERENCES products (sku),
  qty         REAL NOT NULL CHECK (qty > 0),
  unit_cost   REAL NOT NULL,
  PRIMARY KEY (receipt_id, line_no)
);

-- One row per register receipt. A receipt number is unique per register, which is what lets
-- reconcile match register journals against the database exactly once.
CREATE TABLE sales (
  id          INTEGER PRIMARY KEY,
  register    TEXT NOT NULL,
  receipt_no  TEXT NOT NULL,
  at          TEXT NOT NULL,
  cashier     TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN (${SALE_KINDS.map((k) => `'${k}'`).join(', ')})),
  total       REAL NOT NULL,
  source      TEXT NOT NULL DEFAULT 'register',
  UNIQUE (register, receipt_no)
);
CREATE INDEX sales_at ON sales (at);

CREATE TABLE sale_lines (
  sale_id     INTEGER NOT NULL REFERENCES sales (id),
  line_no     INTEGER NOT NULL,
  sku         TEXT NOT NULL REFERENCES products (sku),
  qty         REAL NOT NULL,
  unit_price  REAL NOT NULL,
  PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE payments (
  sale_id  INTEGER NOT NULL REFERENCES sales (id),
  method   TEXT NOT NULL,
  amount   REAL NOT NULL
);
CREATE INDEX payments_sale ON payments (sale_id);

-- A return is itself a receipt (sales.kind = 'return', negative total); this links it to the
-- original sale when the customer brought the slip.
CREATE TABLE returns (
  sale_id           INTEGER PRIMARY KEY REFERENCES sales (id),
  original_sale_id  INTEGER REFERENCES sales (id),
  reason            TEXT NOT NULL
);

CREATE TABLE stocktakes (
  id         INTEGER PRIMARY KEY,
  ref        TEXT NOT NULL UNIQUE,
  taken_at   TEXT NOT NULL,
  scope      TEXT NOT NULL,
  taken_by   TEXT NOT NULL
);

CREATE TABLE stocktake_lines (
  stocktake_id  INTEGER NOT NULL REFERENCES stocktakes (id),
  sku           TEXT NOT NULL REFERENCES products (sku),
  counted_qty   REAL NOT NULL,
  recorded_qty  REAL NOT NULL,
  PRIMARY KEY (stocktake_id, sku)
);
`;

/** Creates the reference schema in an empty database and stamps its version. */
export function createReferenceSchema(db: { exec(sql: string): unknown; pragma(sql: string): unknown }): void {
  db.exec(SCHEMA_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
