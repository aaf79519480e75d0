// A store system that is not ours: its tables and columns have other names (pinyin, as many
// Chinese store systems use) and its movement kinds other codes. A mapping file of SQL queries
// (reconcile.mapping) is all reconcile needs to read it, find what is wrong, and write to it.
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { digest, json, query } from './store-fixture.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const dir = tmp.dir;
const db = path.join(dir, 'pos.db');
const cli = (args: string[]) => runCli(['--config', 'store-ops.yaml', ...args], { cwd: dir });
let start: string;

const SCHEMA = `
CREATE TABLE shangpin (bianma TEXT PRIMARY KEY, tiaoma TEXT, mingcheng TEXT, shoujia REAL, jinjia REAL);
CREATE TABLE kucun (bianma TEXT PRIMARY KEY, shuliang REAL);
CREATE TABLE kucun_liushui (id INTEGER PRIMARY KEY, bianma TEXT, biandong REAL, leibie TEXT, danhao TEXT, shijian TEXT, beizhu TEXT);
CREATE TABLE pandian (id INTEGER PRIMARY KEY, danhao TEXT UNIQUE, shijian TEXT, fanwei TEXT, caozuoyuan TEXT);
CREATE TABLE pandian_mingxi (pandian_id INTEGER, bianma TEXT, shipan REAL, zhangmian REAL);
CREATE TABLE xiaopiao (id INTEGER PRIMARY KEY, shouyinji TEXT, xiaopiao TEXT, shijian TEXT, shouyinyuan TEXT, leixing TEXT, jine REAL, laiyuan TEXT, UNIQUE (shouyinji, xiaopiao));
CREATE TABLE xiaopiao_mingxi (xiaopiao_id INTEGER, hanghao INTEGER, bianma TEXT, shuliang REAL, danjia REAL);
INSERT INTO shangpin VALUES ('A001', '6900000000011', '矿泉水', 3, 2), ('A002', '6900000000028', '酱油', 5, 3.5), ('A003', '6900000000035', '大米 5kg', 40, 30);
INSERT INTO pandian VALUES (1, 'PD-1', '2026-11-20T07:00:00+08:00', 'all', '盘点组');
INSERT INTO pandian_mingxi VALUES (1, 'A001', 50, 0), (1, 'A002', 20, 0), (1, 'A003', 10, 0);
INSERT INTO kucun_liushui (bianma, biandong, leibie, danhao, shijian) VALUES
  ('A001', 50, 'TZ', 'PD-1', '2026-11-20T07:00:00+08:00'), ('A002', 20, 'TZ', 'PD-1', '2026-11-20T07:00:00+08:00'), ('A003', 10, 'TZ', 'PD-1', '2026-11-20T07:00:00+08:00'),
  ('A001', 10, 'RK', 'JH-7', '2026-11-20T08:00:00+08:00'),
  ('A001', -2, 'XS', 'POS-01/000001', '2026-11-21T09:00:00+08:00'), ('A002', -1, 'XS', 'POS-01/000001', '2026-11-21T09:00:00+08:00'),
  ('A003', -1, 'XS', 'POS-01/000002', '2026-11-21T10:00:00+08:00');
INSERT INTO xiaopiao VALUES (1, 'POS-01', '000001', '2026-11-21T09:00:00+08:00', 'c01', 'XS', 11, 'pos'), (2, 'POS-01', '000002', '2026-11-21T10:00:00+08:00', 'c01', 'XS', 40, 'pos');
INSERT INTO xiaopiao_mingxi VALUES (1, 1, 'A001', 2, 3), (1, 2, 'A002', 1, 5), (2, 1, 'A003', 1, 40);
-- A003 recorded 7 where the count and movements say 9: a hand edit.
INSERT INTO kucun VALUES ('A001', 58), ('A002', 19), ('A003', 7);
`;

const KIND = "CASE leixing WHEN 'XS' THEN 'sale' WHEN 'TH' THEN 'return' ELSE 'void' END";
const MAPPING = `# 收银系统 "云POS" 的对账映射
version: 1
queries:
  products: SELECT bianma AS sku, tiaoma AS barcode, mingcheng AS name, shoujia AS price, jinjia AS cost FROM shangpin
  on_hand: SELECT bianma AS sku, shuliang AS on_hand FROM kucun
  movements: >-
    SELECT bianma AS sku, biandong AS qty_delta,
      CASE leibie WHEN 'XS' THEN 'sale' WHEN 'TH' THEN 'return' WHEN 'RK' THEN 'receipt' ELSE 'adjustment' END AS kind,
      danhao AS ref, shijian AS at FROM kucun_liushui
  counts: SELECT m.bianma AS sku, m.shipan AS counted_qty, p.shijian AS at, p.danhao AS ref FROM pandian_mingxi m JOIN pandian p ON p.id = m.pandian_id
  sale_by_key: SELECT id, shouyinji AS register, xiaopiao AS receipt_no, shijian AS at, ${KIND} AS kind, jine AS total FROM xiaopiao WHERE shouyinji = :register AND xiaopiao = :receipt_no
  sale_lines: SELECT bianma AS sku, shuliang AS qty, danjia AS unit_price FROM xiaopiao_mingxi WHERE xiaopiao_id = :sale_id ORDER BY hanghao
  sales_between: SELECT id, shouyinji AS register, xiaopiao AS receipt_no, shijian AS at, ${KIND} AS kind, jine AS total FROM xiaopiao WHERE shijian BETWEEN :from AND :to
writes:
  sale: >-
    INSERT INTO xiaopiao (shouyinji, xiaopiao, shijian, shouyinyuan, leixing, jine, laiyuan)
    VALUES (:register, :receipt_no, :at, :cashier, CASE :kind WHEN 'sale' THEN 'XS' WHEN 'return' THEN 'TH' ELSE 'ZF' END, :total, :source) RETURNING id
  sale_line: INSERT INTO xiaopiao_mingxi (xiaopiao_id, hanghao, bianma, shuliang, danjia) VALUES (:sale_id, :line_no, :sku, :qty, :unit_price)
  movement: >-
    INSERT INTO kucun_liushui (bianma, biandong, leibie, danhao, shijian, beizhu)
    VALUES (:sku, :qty_delta, CASE :kind WHEN 'sale' THEN 'XS' WHEN 'return' THEN 'TH' ELSE 'TZ' END, :ref, :at, :note)
  on_hand: UPDATE kucun SET shuliang = round(shuliang + :qty_delta, 3) WHERE bianma = :sku
  stocktake: INSERT INTO pandian (danhao, shijian, fanwei, caozuoyuan) VALUES (:ref, :at, :scope, :taken_by)
  stocktake_line: INSERT INTO pandian_mingxi (pandian_id, bianma, shipan, zhangmian) VALUES (:stocktake_id, :sku, :counted_qty, :recorded_qty)
`;

const line = (no: string, at: string, lines: unknown[], total: number) =>
  JSON.stringify({ register: 'POS-01', receipt_no: no, at, cashier: 'c01', kind: 'sale', lines, payments: [{ method: 'cash', amount: total }], total });

beforeAll(() => {
  const d = new Database(db);
  d.pragma('journal_mode = WAL');
  d.exec(SCHEMA);
  d.close();
  start = digest(db);
  writeFileSync(path.join(dir, 'mapping.yaml'), MAPPING);
  writeFileSync(path.join(dir, 'store-ops.yaml'), [
    'store: { id: SH-0100, name: 云POS 测试店 }',
    'databases: [{ name: pos, path: ./pos.db }]',
    'journals: [./journals/*.jsonl]',
    'reconcile: { mapping: ./mapping.yaml }',
  ].join('\n') + '\n');
  mkdirSync(path.join(dir, 'journals'));
  writeFileSync(path.join(dir, 'journals', 'pos-01.jsonl'), [
    line('000001', '2026-11-21T09:00:00+08:00', [{ sku: 'A001', qty: 2, unit_price: 3 }, { sku: 'A002', qty: 1, unit_price: 5 }], 11),
    line('000002', '2026-11-21T10:00:00+08:00', [{ sku: 'A003', qty: 2, unit_price: 40 }], 80),
    line('000003', '2026-11-21T11:00:00+08:00', [{ barcode: '6900000000011', qty: 1, unit_price: 3 }, { sku: 'A002', qty: 3, unit_price: 5 }], 18),
  ].join('\n') + '\n');
  mkdirSync(path.join(dir, 'counts'));
  writeFileSync(path.join(dir, 'counts', 'count.csv'), 'sku_or_barcode,counted_qty,location,counted_at\n6900000000011,57,A-1,2026-11-21T20:00:00+08:00\nA002,15,A-2,2026-11-21T20:00:00+08:00\nA003,9,B-1,2026-11-21T20:00:00+08:00\n');
});

describe('a foreign schema through a mapping file', () => {
  it('reconcile sales matches the journal with its tables: one receipt in the database, one different, one missing', async () => {
    const r = json(await cli(['--json', 'reconcile', 'sales']));
    expect(r.mapping).toBe(path.join(dir, 'mapping.yaml'));
    expect(r.total.receipts).toMatchObject({ in_database: { count: 1, amount: 11 }, conflict: { count: 1, amount: 80 }, missing: { count: 1, amount: 18 } });
    expect(r.receipts.find((x: any) => x.status === 'conflict').differences).toEqual([
      { field: 'total', sku: null, source: 80, database: 40 },
      { field: 'qty', sku: 'A003', source: 2, database: 1 },
    ]);
  });

  it('reconcile stock finds the hand edit with its value at cost', async () => {
    const r = json(await cli(['--json', 'reconcile', 'stock']));
    expect(r.distortions.items).toEqual([{ sku: 'A003', name: '大米 5kg', expected: 9, recorded: 7, difference: -2, unit_cost: 30, value: -60, last_count_at: '2026-11-20T07:00:00+08:00' }]);
  });

  it('reconcile sales --apply writes the missing receipt through the mapping, tagged with its journal line, and moves stock', async () => {
    const r = json(await cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.apply).toMatchObject({ receipts: 1, lines: 2, movements: 2 });
    // The change record found the mapping's tables from its statements, not from any list of names.
    expect(r.apply.changes.tables).toEqual([
      { table: 'kucun', inserted: 0, updated: 2, deleted: 0 },
      { table: 'kucun_liushui', inserted: 2, updated: 0, deleted: 0 },
      { table: 'xiaopiao', inserted: 1, updated: 0, deleted: 0 },
      { table: 'xiaopiao_mingxi', inserted: 2, updated: 0, deleted: 0 },
    ]);
    expect(query(db, "SELECT shouyinji, xiaopiao, leixing, jine, laiyuan FROM xiaopiao WHERE xiaopiao = '000003'")).toEqual([
      { shouyinji: 'POS-01', xiaopiao: '000003', leixing: 'XS', jine: 18, laiyuan: 'reconcile:journals/pos-01.jsonl:3' },
    ]);
    expect(query(db, "SELECT bianma, biandong, leibie FROM kucun_liushui WHERE danhao = 'POS-01/000003' ORDER BY bianma")).toEqual([
      { bianma: 'A001', biandong: -1, leibie: 'XS' }, { bianma: 'A002', biandong: -3, leibie: 'XS' },
    ]);
    expect(query(db, 'SELECT bianma, shuliang FROM kucun ORDER BY bianma')).toEqual([{ bianma: 'A001', shuliang: 57 }, { bianma: 'A002', shuliang: 16 }, { bianma: 'A003', shuliang: 7 }]);
    const again = json(await cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(again.apply.receipts).toBe(0);
  });

  it('reconcile stock --count --apply posts the count as a stocktake in its tables; afterwards nothing differs', async () => {
    const r = json(await cli(['--json', 'reconcile', 'stock', '--count', 'counts/count.csv', '--apply']));
    expect(r.count.items.map((v: any) => [v.sku, v.variance, v.value])).toEqual([['A002', -1, -3.5], ['A003', 2, 60]]);
    expect(r.apply).toMatchObject({ adjustments: 2, units: 1 });
    expect(query(db, 'SELECT bianma, shuliang FROM kucun ORDER BY bianma')).toEqual([{ bianma: 'A001', shuliang: 57 }, { bianma: 'A002', shuliang: 15 }, { bianma: 'A003', shuliang: 9 }]);
    expect(query(db, "SELECT count(*) AS n FROM pandian_mingxi m JOIN pandian p ON p.id = m.pandian_id WHERE p.danhao = ?", r.apply.stocktake)).toEqual([{ n: 3 }]);
    const after = json(await cli(['--json', 'reconcile', 'stock', '--count', 'counts/count.csv']));
    expect(after.distortions.items).toEqual([]);
    expect(after.count.items).toEqual([]);
  });

  it('reconcile undo, twice, takes back the stocktake and then the receipt: the tables are as they were', async () => {
    const stock = json(await cli(['--json', 'reconcile', 'undo']));
    expect(stock).toMatchObject({ command: 'reconcile stock', outcome: 'undone', left: [] });
    const sales = json(await cli(['--json', 'reconcile', 'undo']));
    expect(sales).toMatchObject({ command: 'reconcile sales', outcome: 'undone', left: [] });
    expect(digest(db)).toBe(start);
  });
});
