// A store system that keeps things the way many do: integer item ids (and a REAL copy of them in
// the movements, 60.0), MySQL-style times without an offset (2026-12-03 14:05:00), and receipt
// totals that SQL adds up as floats (0.5 × 374.51 = 187.25499999999999). The natural mapping
// (`item_id AS sku`, the times as they are, the sum as it is) must give exactly the numbers a
// careful mapping (CAST to text, ISO times built in SQL, a rounding nudge) gives, and a value
// that is not what its column should be stops the run naming the mapping line, key and value.
import Database from 'better-sqlite3';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { englishIn } from '../helpers/zh-latin.js';
import { digest, exec, json, query } from './store-fixture.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const dir = tmp.dir;
const db = path.join(dir, 'pos.db');
const cli = (args: string[], config = 'store-ops.yaml') => runCli(['--config', config, ...args], { cwd: dir });

const SCHEMA = `
CREATE TABLE items (item_id INTEGER PRIMARY KEY, item_number TEXT, name TEXT, unit_price DECIMAL(15,2), cost_price DECIMAL(15,2));
CREATE TABLE item_quantities (item_id INTEGER PRIMARY KEY, quantity DECIMAL(15,3));
CREATE TABLE inventory (trans_id INTEGER PRIMARY KEY, trans_items REAL, trans_inventory DECIMAL(15,3), trans_comment TEXT, trans_date DATETIME);
CREATE TABLE stocktakes (id INTEGER PRIMARY KEY, ref TEXT UNIQUE, taken_at DATETIME);
CREATE TABLE stocktake_lines (stocktake_id INTEGER, item_id INTEGER, counted DECIMAL(15,3));
CREATE TABLE sales (sale_id INTEGER PRIMARY KEY, register TEXT, invoice_number INTEGER, sale_time DATETIME, employee TEXT, comment TEXT, UNIQUE (register, invoice_number));
CREATE TABLE sales_items (sale_id INTEGER, line INTEGER, item_id INTEGER, quantity_purchased DECIMAL(15,3), item_unit_price DECIMAL(15,2));
INSERT INTO items VALUES (60, '6900000000060', '矿泉水', 3, 2), (61, '6900000000061', '散装酱油', 5, 3.5), (62, '6900000000062', '大米 5kg', 40, 30);
INSERT INTO stocktakes VALUES (1, 'PD-1', '2026-12-01 08:00:00');
INSERT INTO stocktake_lines VALUES (1, 60, 100), (1, 61, 50), (1, 62, 20);
INSERT INTO inventory (trans_items, trans_inventory, trans_comment, trans_date) VALUES
  (60.0, 100, 'PD-1', '2026-12-01 08:00:00'), (61.0, 50, 'PD-1', '2026-12-01 08:00:00'), (62.0, 20, 'PD-1', '2026-12-01 08:00:00'),
  (60.0, 10, 'RK-7', '2026-12-02 09:00:00'),
  (60.0, -2, 'POS-01/1001', '2026-12-03 10:00:00'), (61.0, -0.452, 'POS-01/1001', '2026-12-03 10:00:00'),
  (60.0, -0.5, 'POS-01/1002', '2026-12-03 14:05:00'),
  (61.0, -1, 'POS-01/1003', '2026-12-03 15:00:00');
INSERT INTO sales VALUES (1, 'POS-01', 1001, '2026-12-03 10:00:00', 'c01', 'pos'), (2, 'POS-01', 1002, '2026-12-03 14:05:00', 'c01', 'pos'), (3, 'POS-01', 1003, '2026-12-03 15:00:00', 'c01', 'pos');
INSERT INTO sales_items VALUES (1, 1, 60, 2, 3), (1, 2, 61, 0.452, 5), (2, 1, 60, 0.5, 374.51), (3, 1, 61, 1, 5);
-- 62 recorded 17 where the count and movements say 20: a hand edit.
INSERT INTO item_quantities VALUES (60, 107.5), (61, 48.548), (62, 17);
`;

const TOTAL = '(SELECT sum(quantity_purchased * item_unit_price) FROM sales_items i WHERE i.sale_id = s.sale_id)';
const LOCAL = (column: string) => `replace(substr(${column}, 1, 19), 'T', ' ')`;
const WRITES = `writes:
  sale: INSERT INTO sales (register, invoice_number, sale_time, employee, comment) VALUES (:register, :receipt_no, ${LOCAL(':at')}, :cashier, :source) RETURNING sale_id AS id
  sale_line: INSERT INTO sales_items (sale_id, line, item_id, quantity_purchased, item_unit_price) VALUES (:sale_id, :line_no, :sku, :qty, :unit_price)
  movement: INSERT INTO inventory (trans_items, trans_inventory, trans_comment, trans_date) VALUES (:sku, :qty_delta, :ref, ${LOCAL(':at')})
  on_hand: UPDATE item_quantities SET quantity = round(quantity + :qty_delta, 3) WHERE item_id = :sku
  stocktake: INSERT INTO stocktakes (ref, taken_at) VALUES (:ref, ${LOCAL(':at')})
  stocktake_line: INSERT INTO stocktake_lines (stocktake_id, item_id, counted) VALUES (:stocktake_id, :sku, :counted_qty)
`;

/** What a store's IT person writes first: the columns as they are. */
const NATURAL = `version: 1
queries:
  products: SELECT item_id AS sku, item_number AS barcode, name, unit_price AS price, cost_price AS cost FROM items
  on_hand: SELECT item_id AS sku, quantity AS on_hand FROM item_quantities
  movements: SELECT trans_items AS sku, trans_inventory AS qty_delta, CASE WHEN trans_comment LIKE 'POS%' THEN 'sale' WHEN trans_comment LIKE 'RK%' THEN 'receipt' ELSE 'adjustment' END AS kind, trans_comment AS ref, trans_date AS at FROM inventory
  counts: SELECT l.item_id AS sku, l.counted AS counted_qty, t.taken_at AS at, t.ref AS ref FROM stocktake_lines l JOIN stocktakes t ON t.id = l.stocktake_id
  sale_by_key: SELECT s.sale_id AS id, s.register, s.invoice_number AS receipt_no, s.sale_time AS at, 'sale' AS kind, ${TOTAL} AS total FROM sales s WHERE s.register = :register AND s.invoice_number = :receipt_no
  sale_lines: SELECT item_id AS sku, quantity_purchased AS qty, item_unit_price AS unit_price FROM sales_items WHERE sale_id = :sale_id ORDER BY line
  sales_between: SELECT s.sale_id AS id, s.register, s.invoice_number AS receipt_no, s.sale_time AS at, 'sale' AS kind, ${TOTAL} AS total FROM sales s WHERE s.sale_time BETWEEN :from AND :to
${WRITES}`;

const ISO = (column: string) => `strftime('%Y-%m-%dT%H:%M:%S+08:00', ${column})`;
const TEXT_ID = (column: string) => `CAST(CAST(${column} AS INTEGER) AS TEXT)`;
/** What the same person ends up with after a day of chasing false differences. */
const CAREFUL = `version: 1
queries:
  products: SELECT ${TEXT_ID('item_id')} AS sku, item_number AS barcode, name, unit_price AS price, cost_price AS cost FROM items
  on_hand: SELECT ${TEXT_ID('item_id')} AS sku, quantity AS on_hand FROM item_quantities
  movements: SELECT ${TEXT_ID('trans_items')} AS sku, trans_inventory AS qty_delta, CASE WHEN trans_comment LIKE 'POS%' THEN 'sale' WHEN trans_comment LIKE 'RK%' THEN 'receipt' ELSE 'adjustment' END AS kind, trans_comment AS ref, ${ISO('trans_date')} AS at FROM inventory
  counts: SELECT ${TEXT_ID('l.item_id')} AS sku, l.counted AS counted_qty, ${ISO('t.taken_at')} AS at, t.ref AS ref FROM stocktake_lines l JOIN stocktakes t ON t.id = l.stocktake_id
  sale_by_key: SELECT s.sale_id AS id, s.register, CAST(s.invoice_number AS TEXT) AS receipt_no, ${ISO('s.sale_time')} AS at, 'sale' AS kind, round(${TOTAL} + 1e-9, 2) AS total FROM sales s WHERE s.register = :register AND s.invoice_number = :receipt_no
  sale_lines: SELECT ${TEXT_ID('item_id')} AS sku, quantity_purchased AS qty, item_unit_price AS unit_price FROM sales_items WHERE sale_id = :sale_id ORDER BY line
  sales_between: SELECT s.sale_id AS id, s.register, CAST(s.invoice_number AS TEXT) AS receipt_no, ${ISO('s.sale_time')} AS at, 'sale' AS kind, round(${TOTAL} + 1e-9, 2) AS total FROM sales s WHERE ${ISO('s.sale_time')} BETWEEN :from AND :to
${WRITES}`;

const receipt = (no: string, at: string, lines: Array<{ sku: string; qty: number; unit_price: number }>, total: number) =>
  JSON.stringify({ register: 'POS-01', receipt_no: no, at, cashier: 'c01', kind: 'sale', lines, payments: [{ method: 'cash', amount: total }], total });

const config = (mapping: string, database = './pos.db') => [
  'store: { id: SH-0200, name: 整数编码测试店, timezone: Asia/Shanghai }',
  `databases: [{ name: pos, path: ${database} }]`,
  'journals: [./journals/*.jsonl]',
  `reconcile: { mapping: ${mapping} }`,
].join('\n') + '\n';

/** The line of a key in a mapping text, as the error must name it. */
const lineOf = (text: string, key: string) => text.split('\n').findIndex((l) => l.startsWith(`  ${key}:`)) + 1;

let start: string;

beforeAll(() => {
  const d = new Database(db);
  d.exec(SCHEMA);
  d.close();
  start = digest(db);
  writeFileSync(path.join(dir, 'natural.yaml'), NATURAL);
  writeFileSync(path.join(dir, 'careful.yaml'), CAREFUL);
  writeFileSync(path.join(dir, 'store-ops.yaml'), config('./natural.yaml'));
  writeFileSync(path.join(dir, 'careful.store-ops.yaml'), config('./careful.yaml'));
  mkdirSync(path.join(dir, 'journals'));
  writeFileSync(path.join(dir, 'journals', 'pos-01.jsonl'), [
    receipt('1001', '2026-12-03T10:00:00+08:00', [{ sku: '60', qty: 2, unit_price: 3 }, { sku: '61', qty: 0.452, unit_price: 5 }], 8.26),
    // The register rounds 0.5 × 374.51 = 187.255 half up, as the database's float sum must be read.
    receipt('1002', '2026-12-03T14:05:00+08:00', [{ sku: '60', qty: 0.5, unit_price: 374.51 }], 187.26),
    receipt('1004', '2026-12-03T16:00:00+08:00', [{ sku: '62', qty: 1, unit_price: 40 }], 40),
  ].join('\n') + '\n');
  // Counted shelf by shelf: 61 in the morning (two sales after), 60 at noon (one sale after), 62 last.
  writeFileSync(path.join(dir, 'count.csv'), [
    'sku_or_barcode,counted_qty,location,counted_at',
    '60,108,A-1,2026-12-03T12:00:00+08:00',
    '6900000000061,48,A-2,2026-12-03T09:00:00+08:00',
    '62,20,B-1,2026-12-03T17:00:00+08:00',
  ].join('\n') + '\n');
});

const WARNING = 'gives times without a UTC offset (such as "2026-12-';

describe('integer SKUs, local times and float money through a natural mapping', () => {
  it('reconcile sales: the receipts in the database match (no one-cent or integer-SKU conflicts), a database-only receipt number is text, and the local times are said once', async () => {
    const r = await cli(['--json', 'reconcile', 'sales']);
    const doc = json(r);
    expect(doc.total.receipts).toMatchObject({ in_database: { count: 2, amount: 195.52 }, conflict: { count: 0 }, missing: { count: 1, amount: 40 }, database_only: { count: 1, amount: 5 } });
    expect(doc.receipts.filter((x: any) => x.status !== 'in_database').map((x: any) => [x.receipt_no, x.status, x.at, x.total])).toEqual([
      ['1004', 'missing', '2026-12-03T16:00:00+08:00', 40],
      ['1003', 'database_only', '2026-12-03T15:00:00+08:00', 5],
    ]);
    expect(doc.local_times).toEqual({ key: 'queries.sales_between', example: '2026-12-03 10:00:00', zone: 'Asia/Shanghai' });
    expect(r.stderr.split(WARNING)).toHaveLength(2);
    const zh = await cli(['--lang', 'zh', 'reconcile', 'sales']);
    expect(zh.stderr).toBe('警告：queries.sales_between 返回的时间没有 UTC 时差（例如 "2026-12-03 10:00:00"）；已按 Asia/Shanghai 时间读取\n');
    expect(englishIn(zh.stderr, { names: [], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
    expect(r.stderr).toContain('warning: queries.sales_between gives times without a UTC offset (such as "2026-12-03 10:00:00"); they were read as Asia/Shanghai time');
  });

  it('reconcile stock: only the hand edit, with its name and cost; the count finds only the real shrinkage and surplus', async () => {
    const r = await cli(['--json', 'reconcile', 'stock', '--count', 'count.csv']);
    const doc = json(r);
    expect(doc.distortions.items).toEqual([{ sku: '62', name: '大米 5kg', expected: 20, recorded: 17, difference: -3, unit_cost: 30, value: -90, last_count_at: '2026-12-01T08:00:00+08:00' }]);
    expect(doc.count.items.map((v: any) => [v.sku, v.name, v.counted, v.recorded, v.variance, v.value])).toEqual([
      ['61', '散装酱油', 48, 50, -2, -7],
      ['62', '大米 5kg', 20, 17, 3, 90],
    ]);
    expect(r.stderr.split(WARNING)).toHaveLength(2);
  });

  it('the careful mapping gives the same numbers, without the warning', async () => {
    const natural = [json(await cli(['--json', 'reconcile', 'sales'])), json(await cli(['--json', 'reconcile', 'stock', '--count', 'count.csv']))];
    const carefulSales = await cli(['--json', 'reconcile', 'sales'], 'careful.store-ops.yaml');
    const carefulStock = await cli(['--json', 'reconcile', 'stock', '--count', 'count.csv'], 'careful.store-ops.yaml');
    const careful = [json(carefulSales), json(carefulStock)];
    expect(carefulSales.stderr + carefulStock.stderr).toBe('');
    expect(careful[0]!.receipts).toEqual(natural[0]!.receipts);
    expect(careful[0]!.total).toEqual(natural[0]!.total);
    expect(careful[1]!.distortions).toEqual(natural[1]!.distortions);
    expect(careful[1]!.count).toEqual(natural[1]!.count);
    expect(careful[0]!.local_times).toBeNull();
  });

  it('--apply posts the count once through the natural mapping; applied again it posts nothing; the plain check then finds nothing', async () => {
    const first = json(await cli(['--json', 'reconcile', 'stock', '--count', 'count.csv', '--apply']));
    expect(first.apply).toMatchObject({ adjustments: 2, units: 1 });
    expect(query(db, 'SELECT item_id, quantity FROM item_quantities ORDER BY item_id')).toEqual([{ item_id: 60, quantity: 107.5 }, { item_id: 61, quantity: 46.548 }, { item_id: 62, quantity: 20 }]);
    expect(query(db, 'SELECT trans_items, trans_inventory, trans_date FROM inventory WHERE trans_comment = ? ORDER BY trans_items', first.apply.stocktake)).toEqual([
      { trans_items: 61, trans_inventory: -2, trans_date: '2026-12-03 17:00:00' }, { trans_items: 62, trans_inventory: 3, trans_date: '2026-12-03 17:00:00' },
    ]);
    const posted = digest(db);
    const again = json(await cli(['--json', 'reconcile', 'stock', '--count', 'count.csv', '--apply']));
    expect(again.count).toMatchObject({ items: [], applied_before: true });
    expect(again.apply).toMatchObject({ adjustments: 0, quarantine: null });
    expect(digest(db)).toBe(posted);
    const plain = json(await cli(['--json', 'reconcile', 'stock']));
    expect(plain.distortions.items).toEqual([]);
    const undone = json(await cli(['--json', 'reconcile', 'undo']));
    expect(undone).toMatchObject({ outcome: 'undone', left: [] });
    expect(digest(db)).toBe(start);
  });
});

describe('a value the comparison cannot use stops the run, naming the mapping line, key, column and value', () => {
  const broken = (name: string, sql: string): string => {
    const copy = path.join(dir, `${name}.db`);
    cpSync(db, copy);
    exec(copy, sql);
    writeFileSync(path.join(dir, `${name}.store-ops.yaml`), config('./natural.yaml', `./${name}.db`));
    return copy;
  };

  it('a movement time that is not a time', async () => {
    const copy = broken('bad-time', "INSERT INTO inventory (trans_items, trans_inventory, trans_comment, trans_date) VALUES (60, -1, 'POS-01/1009', '03/12/2026 18:00')");
    const before = digest(copy);
    const r = await cli(['reconcile', 'stock', '--count', 'count.csv', '--apply'], 'bad-time.store-ops.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`natural.yaml:${lineOf(NATURAL, 'movements')}: queries.movements: column at gave "03/12/2026 18:00", which is not a date and time`);
    expect(digest(copy)).toBe(before);
    const zh = await cli(['--lang', 'zh', 'reconcile', 'stock'], 'bad-time.store-ops.yaml');
    expect(zh.stderr).toContain(`natural.yaml:${lineOf(NATURAL, 'movements')}：queries.movements：列 "at" 返回了 "03/12/2026 18:00"，这不是日期时间`);
    expect(englishIn(zh.stderr, { names: [], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
  });

  it('a sale line without a SKU', async () => {
    broken('null-sku', 'INSERT INTO sales_items VALUES (1, 3, NULL, 1, 3)');
    const r = await cli(['reconcile', 'sales'], 'null-sku.store-ops.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`natural.yaml:${lineOf(NATURAL, 'sale_lines')}: queries.sale_lines: column sku gave NULL, which is not a SKU (text or a whole number)`);
  });

  it('a price kept as text', async () => {
    broken('text-money', "UPDATE sales_items SET item_unit_price = '3,00' WHERE sale_id = 1 AND line = 1");
    const r = await cli(['reconcile', 'sales'], 'text-money.store-ops.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`natural.yaml:${lineOf(NATURAL, 'sale_lines')}: queries.sale_lines: column unit_price gave "3,00", which is not a number`);
  });
});
