// reconcile stock on the demo store: the planted stock discrepancies with their value, and the
// planted physical count (shrinkage and an unknown code) once the lost sales are entered; then
// --apply posts the count as a stocktake, once.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { tempDir } from '../helpers/cli.js';
import { copyShop, digest, json, makeShop, quarantines, query, type Shop } from './store-fixture.js';

const tmp = tempDir();
let shop: Shop;
const cost = (s: Shop, sku: string) => query<{ cost: number }>(s.db, 'SELECT cost FROM products WHERE sku = ?', sku)[0]!.cost;
const round2 = (n: number) => Math.round(n * 100) / 100;

beforeAll(async () => {
  shop = await makeShop(tmp.dir);
});
afterAll(tmp.cleanup);

describe('reconcile stock', () => {
  it('finds exactly the planted stock discrepancies, expected against recorded, with their value at cost', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'stock']));
    const planted = shop.planted.stock_discrepancies;
    expect(r.distortions.items.map((d: any) => d.sku).sort()).toEqual(planted.map((p) => p.sku).sort());
    for (const p of planted) {
      const d = r.distortions.items.find((x: any) => x.sku === p.sku);
      expect(d).toMatchObject({ expected: p.expected, recorded: p.recorded, difference: p.recorded - p.expected, value: round2((p.recorded - p.expected) * cost(shop, p.sku)) });
    }
    expect(r.distortions.value).toBe(round2(r.distortions.items.reduce((s: number, d: any) => s + d.value, 0)));
    expect(r.count).toBeNull();
    expect(r.skus).toBe(2000);
  });

  it('ranks the top N by value, largest first', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'stock', '--top', '3']));
    expect(r.top).toHaveLength(3);
    const values = r.top.map((x: any) => Math.abs(x.value));
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(Math.abs(r.top[0].value)).toBe(Math.max(...r.distortions.items.map((d: any) => Math.abs(d.value))));
  });

  it('--apply without --count is a usage error that changes nothing', async () => {
    const before = digest(shop.db);
    const r = await shop.cli(['reconcile', 'stock', '--apply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reconcile stock --apply needs --count FILE');
    expect(digest(shop.db)).toBe(before);
    expect(readAudit(shop.stateDir, 1)[0]).toMatchObject({ command: 'reconcile stock', args: ['--config', path.join(shop.dir, 'store-ops.yaml'), 'reconcile', 'stock', '--apply'], outcome: 'refused' });
  });
});

describe('reconcile stock --count, after the lost sales are entered', () => {
  let s: Shop;
  beforeAll(async () => {
    s = copyShop(shop, path.join(tmp.dir, 'counted'));
    const slips = json(await s.cli(['--json', 'reconcile', 'sales'])).slips.map((x: any) => x.id);
    expect((await s.cli(['reconcile', 'sales', '--apply', '--confirm', ...slips])).code).toBe(0);
  });

  it('finds exactly the planted shrinkage and the code the catalogue lacks, in units and money', async () => {
    const count = shop.planted.physical_count;
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file]));
    expect(r.count).toMatchObject({ file: count.file, skus: count.counted });
    const found = r.count.items.map((v: any) => ({ sku: v.sku, units: -v.variance }));
    expect(found.sort((a: any, b: any) => a.sku.localeCompare(b.sku))).toEqual([...count.shrinkage].sort((a, b) => a.sku.localeCompare(b.sku)));
    for (const v of r.count.items) expect(v.value).toBe(round2(v.variance * cost(s, v.sku)));
    expect(r.count.variances.shrinkage_value).toBe(round2(r.count.items.reduce((t: number, v: any) => t + v.value, 0)));
    expect(r.count.unknown_codes.map((u: any) => u.code)).toEqual(count.unknown_codes);
    expect(r.count.unknown_codes[0]).toMatchObject({ file: count.file, line: count.counted + 2 });
  });

  it('the entered sales kept stock on hand equal to the movements: only the planted discrepancies remain, unchanged', async () => {
    const r = json(await s.cli(['--json', 'reconcile', 'stock']));
    expect(r.distortions.items.map((d: any) => [d.sku, d.difference]).sort()).toEqual(shop.planted.stock_discrepancies.map((p) => [p.sku, p.recorded - p.expected]).sort());
  });

  it('--apply posts the count as a stocktake with one adjustment per variance, keeping a change record, and a second --apply adjusts nothing', async () => {
    const count = shop.planted.physical_count;
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file, '--apply']));
    expect(r.apply).toMatchObject({ adjustments: count.shrinkage.length, units: -count.shrinkage.reduce((n, x) => n + x.units, 0) });
    expect(r.apply.changes).toMatchObject({ kind: 'change_record', fallback: null });
    expect([...r.apply.changes.tables].sort((a: any, b: any) => a.table.localeCompare(b.table))).toEqual([
      { table: 'stock', inserted: 0, updated: count.shrinkage.length, deleted: 0 },
      { table: 'stock_movements', inserted: count.shrinkage.length, updated: 0, deleted: 0 },
      { table: 'stocktake_lines', inserted: count.counted, updated: 0, deleted: 0 },
      { table: 'stocktakes', inserted: 1, updated: 0, deleted: 0 },
    ]);
    const moves = query<{ sku: string; qty_delta: number; note: string }>(s.db, "SELECT sku, qty_delta, note FROM stock_movements WHERE kind = 'adjustment' AND ref = ? ORDER BY sku", r.apply.stocktake);
    expect(moves).toEqual([...count.shrinkage].sort((a, b) => a.sku.localeCompare(b.sku)).map((x) => ({ sku: x.sku, qty_delta: -x.units, note: 'stocktake 2026-11-21' })));
    expect(query<{ n: number }>(s.db, 'SELECT count(*) AS n FROM stocktake_lines l JOIN stocktakes t ON t.id = l.stocktake_id WHERE t.ref = ?', r.apply.stocktake)[0]!.n).toBe(count.counted);

    const after = digest(s.db);
    const copies = quarantines(s);
    const again = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file, '--apply']));
    expect(again.apply).toMatchObject({ adjustments: 0, quarantine: null });
    expect(again.count.items).toEqual([]);
    expect(digest(s.db)).toBe(after);
    expect(quarantines(s)).toEqual(copies);
    expect(readAudit(s.stateDir).filter((a) => a.command === 'reconcile stock' && a.args.includes('--count') && a.args.includes('--apply')).map((a) => a.outcome)).toEqual(['ok', 'ok']);
  });

  it('prints totals, the top list and each variance for a person, in Chinese too', async () => {
    const r = await shop.cli(['--lang', 'zh', 'reconcile', 'stock', '--count', shop.planted.physical_count.file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`有 ${shop.planted.stock_discrepancies.length} 个商品的账面库存与盘点和库存变动不符`);
    expect(r.stdout).toContain('按金额排名前 10 位：');
    expect(r.stdout).toContain(`${shop.planted.physical_count.unknown_codes[0]}  实盘 4`);
  });
});
