// Expected stock starts from each SKU's latest count: the one taken last, and of two taken at the
// same moment the one with the greater ref (stock-query.ts keeps it as the counts are read,
// without sorting them). Counts are added to a copy of the demo store through SQL, after every
// movement, so expected stock is the winning count itself.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { json, makeShop, query, type Shop } from './store-fixture.js';

const tmp = tempDir();
let shop: Shop;
let sku: string;

beforeAll(async () => {
  shop = await makeShop(tmp.dir);
  const planted = new Set(shop.planted.stock_discrepancies.map((p) => p.sku));
  sku = query<{ sku: string }>(shop.db, 'SELECT sku FROM stock ORDER BY sku').map((r) => r.sku).find((s) => !planted.has(s))!;
  const db = new Database(shop.db);
  try {
    const take = db.prepare("INSERT INTO stocktakes (ref, taken_at, scope, taken_by) VALUES (?, ?, 'test', 'test')");
    const line = db.prepare('INSERT INTO stocktake_lines (stocktake_id, sku, counted_qty, recorded_qty) VALUES (?, ?, ?, 0)');
    // Inserted in an order where neither the first nor the last row read is the latest count.
    for (const [ref, at, counted] of [['ST-T-B', '2099-01-01T10:00:00+08:00', 777], ['ST-T-C', '2099-01-01T09:00:00+08:00', 555], ['ST-T-A', '2099-01-01T10:00:00+08:00', 333]] as const) {
      line.run(take.run(ref, at).lastInsertRowid, sku, counted);
    }
  } finally {
    db.close();
  }
});
afterAll(tmp.cleanup);

it('of two counts at the same latest moment, the one with the greater ref is the base of expected stock', async () => {
  const r = json(await shop.cli(['--json', 'reconcile', 'stock']));
  const d = r.distortions.items.find((x: any) => x.sku === sku);
  expect(d).toMatchObject({ expected: 777, last_count_at: '2099-01-01T10:00:00+08:00' });
});
