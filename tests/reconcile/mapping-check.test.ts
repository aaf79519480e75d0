// The mapping checked before it is trusted, on a store system that is not ours (its sales table is
// called `sales` but keeps its time in `sale_time`): config check runs every read on a sample and
// tries every write in a rolled-back copy of the schema, never in the store file; --apply checks
// its writes before its safety copy or change record; a write that fails names its mapping key;
// a read-only mapping serves the reports; a misspelt key names the key it is nearest to.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { englishIn } from '../helpers/zh-latin.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let stores = 0;

const SCHEMA = `
CREATE TABLE items (item_code TEXT PRIMARY KEY, barcode TEXT, name TEXT NOT NULL, price REAL NOT NULL, cost REAL, list_price TEXT);
CREATE TABLE stock (item_code TEXT PRIMARY KEY REFERENCES items (item_code), qty REAL NOT NULL);
CREATE TABLE moves (id INTEGER PRIMARY KEY, item_code TEXT NOT NULL REFERENCES items (item_code), delta REAL NOT NULL, kind TEXT NOT NULL, ref TEXT UNIQUE, moved_at TEXT NOT NULL, moved_epoch INTEGER, note TEXT);
CREATE TABLE sales (sale_id INTEGER PRIMARY KEY, till TEXT NOT NULL, number TEXT NOT NULL, sale_time TEXT NOT NULL, type INTEGER NOT NULL, amount REAL NOT NULL, UNIQUE (till, number));
CREATE TABLE sales_items (sale_id INTEGER NOT NULL REFERENCES sales (sale_id), line INTEGER NOT NULL, item_code TEXT NOT NULL REFERENCES items (item_code), quantity REAL NOT NULL, unit_price REAL NOT NULL);
INSERT INTO items VALUES ('A001', '6900000000011', '矿泉水', 3, 2, '3.00'), ('A002', NULL, '酱油', 5, 3.5, '5.00');
INSERT INTO stock VALUES ('A001', 48), ('A002', 19);
INSERT INTO moves (item_code, delta, kind, ref, moved_at, moved_epoch) VALUES
  ('A001', 50, 'in', 'GR-1', '2026-11-20T07:00:00+08:00', 1795647600), ('A002', 20, 'in', 'GR-2', '2026-11-20T07:00:00+08:00', 1795647600),
  ('A001', -2, 'out', 'POS-01/000001', '2026-11-21T13:50:00+08:00', 1795758600), ('A002', -1, 'out', 'POS-01/000001b', '2026-11-21T13:50:00+08:00', 1795758600);
INSERT INTO sales VALUES (1, 'POS-01', '000001', '2026-11-21T13:50:00+08:00', 1, 11);
INSERT INTO sales_items VALUES (1, 1, 'A001', 2, 3), (1, 2, 'A002', 1, 5);
`;

const SALE = "SELECT sale_id AS id, till AS register, number AS receipt_no, sale_time AS at, CASE type WHEN 1 THEN 'sale' WHEN 2 THEN 'return' ELSE 'void' END AS kind, amount AS total FROM sales";
const QUERIES: Record<string, string> = {
  products: 'SELECT item_code AS sku, barcode, name, price, cost FROM items',
  on_hand: 'SELECT item_code AS sku, qty AS on_hand FROM stock',
  movements: "SELECT item_code AS sku, delta AS qty_delta, CASE kind WHEN 'in' THEN 'receipt' ELSE 'sale' END AS kind, ref, moved_at AS at FROM moves",
  sale_by_key: `${SALE} WHERE till = :register AND number = :receipt_no`,
  sale_lines: 'SELECT item_code AS sku, quantity AS qty, unit_price FROM sales_items WHERE sale_id = :sale_id ORDER BY line',
  sales_between: `${SALE} WHERE sale_time BETWEEN :from AND :to`,
};
const WRITES: Record<string, string> = {
  sale: "INSERT INTO sales (till, number, sale_time, type, amount) VALUES (:register, :receipt_no, :at, CASE :kind WHEN 'sale' THEN 1 WHEN 'return' THEN 2 ELSE 3 END, :total)",
  sale_line: 'INSERT INTO sales_items (sale_id, line, item_code, quantity, unit_price) VALUES (:sale_id, :line_no, :sku, :qty, :unit_price)',
  movement: "INSERT INTO moves (item_code, delta, kind, ref, moved_at, note) VALUES (:sku, :qty_delta, CASE WHEN :qty_delta < 0 THEN 'out' ELSE 'in' END, :ref, :at, :note)",
  on_hand: 'UPDATE stock SET qty = round(qty + :qty_delta, 3) WHERE item_code = :sku',
};

/** The mapping file's text: each section's keys in order, one per line, so a key's line is known. */
function mappingText(queries: Record<string, string>, writes: Record<string, string> | null): string {
  const section = (name: string, entries: Record<string, string>) => [`${name}:`, ...Object.entries(entries).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)];
  return ['version: 1', ...section('queries', queries), ...(writes ? section('writes', writes) : [])].join('\n') + '\n';
}

interface Store {
  dir: string;
  db: string;
  cli: (args: string[]) => ReturnType<typeof runCli>;
  /** The mapping file's line of `key` (its first occurrence). */
  line: (key: string) => number;
}

function store(mapping: string | null, journal: string[] = []): Store {
  const dir = path.join(tmp.dir, `store-${++stores}`);
  mkdirSync(path.join(dir, 'journals'), { recursive: true });
  const db = path.join(dir, 'pos.db');
  const d = new Database(db);
  d.exec(SCHEMA);
  d.close();
  if (mapping !== null) writeFileSync(path.join(dir, 'mapping.yaml'), mapping);
  writeFileSync(path.join(dir, 'journals', 'pos-01.jsonl'), journal.map((l) => `${l}\n`).join(''));
  writeFileSync(path.join(dir, 'store-ops.yaml'), [
    'store: { id: SH-0200, name: 外店 }',
    'databases: [{ name: pos, path: ./pos.db }]',
    'journals: [./journals/*.jsonl]',
    'reconcile: { mapping: ./mapping.yaml }',
  ].join('\n') + '\n');
  return {
    dir, db,
    cli: (args) => runCli(['--config', 'store-ops.yaml', ...args], { cwd: dir }),
    line: (key) => readFileSync(path.join(dir, 'mapping.yaml'), 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1,
  };
}

const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const quarantined = (s: Store) => (existsSync(path.join(s.dir, '.store-ops', 'quarantine')) ? readdirSync(path.join(s.dir, '.store-ops', 'quarantine')) : []);

const receipt = (no: string, lines: Array<[string, number, number]>) => {
  const total = lines.reduce((t, [, q, p]) => t + q * p, 0);
  return JSON.stringify({
    register: 'POS-01', receipt_no: no, at: '2026-11-21T14:10:00+08:00', cashier: 'c01', kind: 'sale',
    lines: lines.map(([sku, qty, unit_price]) => ({ sku, qty, unit_price })), payments: [{ method: 'cash', amount: total }], total,
  });
};

describe('config check validates the reconcile mapping', () => {
  it('a mapping file that is not there is an error, not a pass', async () => {
    const s = store(null);
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('store-ops: mapping.yaml: cannot read the mapping file: ENOENT');
  });

  it('a good mapping: every read run on a sample, every write tried in a copy; the store file is not changed', async () => {
    const s = store(mappingText(QUERIES, WRITES));
    const before = fileHash(s.db);
    const r = await s.cli(['--json', 'config', 'check']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).mapping;
    expect(m).toMatchObject({ checked: true, file: path.join(s.dir, 'mapping.yaml'), database: s.db, read_only_for: [] });
    expect(m.queries).toEqual([
      { key: 'queries.products', rows: 2 }, { key: 'queries.on_hand', rows: 2 }, { key: 'queries.movements', rows: 4 },
      { key: 'queries.sales_between', rows: 1 }, { key: 'queries.sale_by_key', rows: 1 }, { key: 'queries.sale_lines', rows: 2 },
    ]);
    expect(m.writes).toEqual(['writes.sale', 'writes.sale_line', 'writes.movement', 'writes.on_hand']);
    expect(fileHash(s.db)).toBe(before);
    const text = await s.cli(['config', 'check']);
    expect(text.stdout).toContain('Reconcile mapping mapping.yaml fits pos.db: 6 queries run on a sample of up to 5 rows each, 4 writes tried in an in-memory copy of it and rolled back.');
  });

  it('a statement the database cannot prepare names the file, line and key', async () => {
    const s = store(mappingText({ ...QUERIES, on_hand: 'SELECT item_code AS sku, quantity AS on_hand FROM stock' }, WRITES));
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line('on_hand')}: queries.on_hand: no such column: quantity`);
  });

  it.each([
    ['a SKU that is NULL', 'products', 'SELECT barcode AS sku, barcode, name, price, cost FROM items', 'sku is empty in row 2 of the sample; every row needs one'],
    ['a time that is not one', 'movements', "SELECT item_code AS sku, delta AS qty_delta, kind, ref, moved_epoch AS at FROM moves", 'at "1795647600" (row 1 of the sample) is not a date and time'],
    ['money as text', 'products', 'SELECT item_code AS sku, barcode, name, list_price AS price, cost FROM items', 'price is text ("3.00", row 1 of the sample) where a number is needed'],
    ['a sale kind left untranslated', 'sales_between', 'SELECT sale_id AS id, till AS register, number AS receipt_no, sale_time AS at, type AS kind, amount AS total FROM sales WHERE sale_time BETWEEN :from AND :to', 'kind "1" (row 1 of the sample) is not one of sale, return, void'],
  ])('the sample finds %s, with file:line and key', async (_name, key, sql, problem) => {
    const s = store(mappingText({ ...QUERIES, [key]: sql }, WRITES));
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line(key)}: queries.${key}: ${problem}`);
  });

  it('a write that breaks a constraint is found by trying it in a copy of the schema; the store file is not written', async () => {
    const s = store(mappingText(QUERIES, { ...WRITES, sale: 'INSERT INTO sales (till, number, type, amount) VALUES (:register, :receipt_no, 1, :total)' }));
    const before = fileHash(s.db);
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line('sale')}: writes.sale: NOT NULL constraint failed: sales.sale_time (tried in an in-memory copy`);
    expect(fileHash(s.db)).toBe(before);
    expect(quarantined(s)).toEqual([]);
  });

  it('a movement write that loses :ref (a count\'s adjustment could not be found again) is found, in English and Chinese', async () => {
    const s = store(mappingText(QUERIES, { ...WRITES, movement: "INSERT INTO moves (item_code, delta, kind, ref, moved_at, note) VALUES (:sku, :qty_delta, CASE WHEN :qty_delta < 0 THEN 'out' ELSE 'in' END, :note, :at, :ref)" }));
    const before = fileHash(s.db);
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line('movement')}: writes.movement: a stock adjustment written with ref "ST-STORE-OPS-CHECK" (a stocktake ref) is not read back with that ref by queries.movements;`);
    const zh = await s.cli(['--lang', 'zh', 'config', 'check']);
    expect(zh.stderr).toContain(`mapping.yaml:${s.line('movement')}：writes.movement：以盘点单号 "ST-STORE-OPS-CHECK" 写入的库存调整，经 queries.movements 读回时找不到这个单号`);
    expect(englishIn(zh.stderr, { names: [], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
    expect(fileHash(s.db)).toBe(before);
  });

  it('a write that breaks a foreign key the store has is found; a SKU the store has is not one', async () => {
    const s = store(mappingText(QUERIES, { ...WRITES, sale_line: 'INSERT INTO sales_items (sale_id, line, item_code, quantity, unit_price) VALUES (:line_no + 100, :line_no, :sku, :qty, :unit_price)' }));
    const r = await s.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line('sale_line')}: writes.sale_line: FOREIGN KEY constraint failed (sales_items → sales)`);
  });
});

describe('misspelt keys name the key they are nearest to', () => {
  it.each([
    ['movments', 'queries', 'did you mean queries.movements?'],
    ['sale_line', 'queries', 'did you mean queries.sale_lines or writes.sale_line?'],
  ])('%s under %s', async (typo, _section, hint) => {
    const queries = { ...QUERIES, [typo]: QUERIES.movements! };
    if (typo === 'movments') delete queries.movements;
    const s = store(mappingText(queries, WRITES));
    const r = await s.cli(['reconcile', 'stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line(typo)}: queries.${typo}: unknown key; ${hint}`);
  });
});

describe('a read-only mapping', () => {
  it('serves reconcile stock and sales without --apply; --apply is refused naming what it needs, before anything is written', async () => {
    const s = store(mappingText(QUERIES, null), [receipt('000002', [['A001', 1, 3]])]);
    const stock = await s.cli(['--json', 'reconcile', 'stock']);
    expect(stock.code, stock.stderr).toBe(0);
    expect(JSON.parse(stock.stdout).skus).toBe(2);
    const sales = await s.cli(['--json', 'reconcile', 'sales']);
    expect(sales.code, sales.stderr).toBe(0);
    expect(JSON.parse(sales.stdout).to_enter).toEqual({ count: 1, amount: 3 });
    const before = fileHash(s.db);
    const apply = await s.cli(['reconcile', 'sales', '--apply']);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain('store-ops: mapping.yaml: writes.sale: missing: reconcile sales --apply writes through writes.sale, writes.sale_line, writes.movement, writes.on_hand, which this mapping does not have');
    writeFileSync(path.join(s.dir, 'count.csv'), 'sku_or_barcode,counted_qty\nA001,40\n');
    const count = await s.cli(['reconcile', 'stock', '--count', 'count.csv', '--apply']);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('writes.movement: missing: reconcile stock --apply writes through writes.movement, writes.on_hand');
    expect(fileHash(s.db)).toBe(before);
    expect(quarantined(s)).toEqual([]);
    const check = JSON.parse((await s.cli(['--json', 'config', 'check'])).stdout).mapping;
    expect(check.read_only_for).toEqual(['reconcile sales', 'reconcile stock']);
  });
});

describe('reconcile --apply and the writes', () => {
  it('a bad write is caught before the safety copy or change record, and nothing is written', async () => {
    const s = store(mappingText(QUERIES, { ...WRITES, sale: 'INSERT INTO sales (till, number, type, amount) VALUES (:register, :receipt_no, 1, :total)' }), [receipt('000002', [['A001', 1, 3]])]);
    const before = fileHash(s.db);
    const r = await s.cli(['reconcile', 'sales', '--apply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${s.line('sale')}: writes.sale: NOT NULL constraint failed: sales.sale_time`);
    expect(quarantined(s)).toEqual([]);
    expect(fileHash(s.db)).toBe(before);
  });

  it('a write that fails in the transaction names its mapping key, and everything is rolled back', async () => {
    // moves.ref is UNIQUE here: the second line of one receipt collides, which one trial movement cannot show.
    const s = store(mappingText(QUERIES, WRITES), [receipt('000002', [['A001', 1, 3], ['A002', 1, 5]])]);
    const before = fileHash(s.db);
    const r = await s.cli(['reconcile', 'sales', '--apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`failed and was rolled back entirely; nothing was changed: mapping.yaml:${s.line('movement')}: writes.movement: UNIQUE constraint failed: moves.ref (SQLITE_CONSTRAINT_UNIQUE)`);
    expect(fileHash(s.db)).toBe(before);
  });
});

describe('diagnose and status read the last sale through the mapping', () => {
  const NOW = '2026-11-21T14:00:00+08:00';
  const probe = (r: { stdout: string }, name: string) => (JSON.parse(r.stdout).probes as Array<{ name: string }>).find((p) => p.name === name) as any;

  it('a foreign sales table without `at` is not a database that cannot be opened; the last sale comes from sales_between', async () => {
    const s = store(mappingText(QUERIES, WRITES));
    const r = await s.cli(['--json', 'diagnose', '--now', NOW]);
    expect(r.stdout).not.toContain('no such column: at');
    expect(probe(r, 'database:pos').status).toBe('ok');
    expect(probe(r, 'database:pos:last-sale')).toMatchObject({ status: 'ok', value: 10, unit: 'trading_minutes' });
    expect(probe(r, 'database:pos:schema')).toMatchObject({ status: 'ok', value: 10, message: 'pos: the reconcile mapping mapping.yaml fits: all 10 statements prepared' });
  });

  it('a last_sale query in the mapping is used, and a time without offset is on the store\'s clock', async () => {
    const s = store(mappingText({ ...QUERIES, last_sale: "SELECT replace(substr(max(sale_time), 1, 19), 'T', ' ') AS at FROM sales" }, WRITES));
    const r = await s.cli(['--json', 'diagnose', '--now', NOW]);
    expect(probe(r, 'database:pos:last-sale')).toMatchObject({ status: 'ok', value: 10, message: 'pos: last sale 2026-11-21 13:50, 10 trading minutes ago (warning at 60)' });
    const status = JSON.parse((await s.cli(['--json', 'status'])).stdout);
    expect(status.databases[0]).toMatchObject({ last_sale_at: '2026-11-21T13:50:00+08:00', last_sale_skipped: null });
  });

  it('a last-sale query the database cannot run is reported as not checked, with why', async () => {
    const s = store(mappingText({ ...QUERIES, last_sale: 'SELECT max(at) AS at FROM sales' }, WRITES));
    const r = await s.cli(['--json', 'diagnose', '--now', NOW]);
    expect(probe(r, 'database:pos').status).toBe('ok');
    expect(probe(r, 'database:pos:last-sale')).toMatchObject({ status: 'unknown', message: 'pos: last sale not checked: queries.last_sale: no such column: at' });
    expect(probe(r, 'database:pos:schema')).toMatchObject({ status: 'warning', message: 'pos: the reconcile mapping mapping.yaml does not fit: queries.last_sale: no such column: at' });
    const status = await s.cli(['--json', 'status']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ ok: true, last_sale_at: null, last_sale_skipped: { key: 'queries.last_sale', problem: 'no such column: at' } });
  });
});

describe('the mapping checks in Chinese', () => {
  const chinese = (r: { stdout: string; stderr: string }) => englishIn(`${r.stdout}\n${r.stderr}`, { names: ['外店', 'pos', 'database:pos:schema', 'database:pos:last-sale'], commands: COMMANDS.map((c) => c.words) }).map((f) => `[${f.words.join(' ')}] ${f.line}`);

  it.each([
    ['config check on a good mapping', QUERIES, WRITES, ['config', 'check'], 0],
    ['config check on a read-only one', QUERIES, null, ['config', 'check'], 0],
    ['a sample with money as text', { ...QUERIES, products: 'SELECT item_code AS sku, barcode, name, list_price AS price, cost FROM items' }, WRITES, ['config', 'check'], 2],
    ['a write tried in the copy', QUERIES, { ...WRITES, sale: 'INSERT INTO sales (till, number, type, amount) VALUES (:register, :receipt_no, 1, :total)' }, ['config', 'check'], 2],
    ['--apply of a read-only mapping', QUERIES, null, ['reconcile', 'sales', '--apply'], 2],
    ['diagnose through the mapping', QUERIES, WRITES, ['diagnose', '--now', '2026-11-21T14:00:00+08:00'], null],
    ['diagnose with a last-sale query that cannot run', { ...QUERIES, last_sale: 'SELECT max(at) AS at FROM sales' }, WRITES, ['diagnose', '--now', '2026-11-21T14:00:00+08:00'], null],
    ['status through the mapping', { ...QUERIES, last_sale: 'SELECT max(at) AS at FROM sales' }, WRITES, ['status'], 0],
  ] as const)('%s', async (_name, queries, writes, args, code) => {
    const s = store(mappingText(queries, writes), [receipt('000002', [['A001', 1, 3]])]);
    const r = await s.cli(['--lang', 'zh', ...args]);
    if (code !== null) expect(r.code, r.stderr).toBe(code);
    // Only the lines this mapping's checks print: diagnose's probe table and status name other things as they are.
    const ours = args[0] === 'config' || args[0] === 'reconcile' ? /./ : /last-sale|:schema|最近一笔销售|对账映射/;
    const mine = (text: string) => text.split('\n').filter((l) => ours.test(l)).join('\n');
    expect(chinese({ stdout: mine(r.stdout), stderr: mine(r.stderr) })).toEqual([]);
  });
});
