// A count applied twice posts once, when its rows carry their own counted_at (a hand scanner's
// export: each shelf at its own time) and the store sold in between. The stocktake is dated at
// the file's latest time, so its adjustments come after the earlier rows' counts; they must still
// read as the count's own, or the second --apply posts them again (and then trips over the
// stocktake's unique ref). Run on the demo store's reference schema.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { COMMANDS } from '../../src/cli.js';
import { tempDir } from '../helpers/cli.js';
import { englishIn } from '../helpers/zh-latin.js';
import { digest, exec, json, query, quarantines, shopPerFile, type Shop } from './store-fixture.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const shops = shopPerFile(tmp.dir);

const TIMES = ['2026-11-21T11:00:00+08:00', '2026-11-21T15:30:00+08:00', '2026-11-21T19:45:00+08:00'];

/** Recorded stock of a SKU at a moment: now, less what moved after it (the demo keeps ISO times in one offset, so SQL may compare them). */
const recordedAt = (s: Shop, sku: string, at: string) =>
  query<{ n: number }>(s.db, 'SELECT round((SELECT on_hand FROM stock WHERE sku = ?) - coalesce((SELECT sum(qty_delta) FROM stock_movements WHERE sku = ? AND at > ?), 0), 3) AS n', sku, sku, at)[0]!.n;

/**
 * Three SKUs that sold after the first count time, counted one short each, at staggered times:
 * three variances of -1, two of them counted before the file's latest time.
 */
function staggeredCount(s: Shop): { file: string; skus: string[] } {
  const planted = new Set(s.planted.stock_discrepancies.map((p) => p.sku));
  const busy = query<{ sku: string }>(s.db, "SELECT sku FROM stock_movements WHERE kind = 'sale' AND at > ? GROUP BY sku ORDER BY count(*) DESC, sku", TIMES[0])
    .map((r) => r.sku).filter((sku) => !planted.has(sku)).slice(0, 3);
  const rows = busy.map((sku, i) => `${sku},${recordedAt(s, sku, TIMES[i]!) - 1},A-${i + 1},${TIMES[i]}`);
  const file = path.join(s.dir, 'staggered-count.csv');
  writeFileSync(file, ['sku_or_barcode,counted_qty,location,counted_at', ...rows].join('\n') + '\n');
  return { file, skus: busy };
}

describe('a count with staggered counted_at, applied twice', () => {
  it('posts its adjustments once; the second --apply posts nothing, says the stocktake is in, and writes nothing', async () => {
    const s = shops.fresh();
    const count = staggeredCount(s);
    expect(count.skus).toHaveLength(3);
    const before = count.skus.map((sku) => query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand);
    const first = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file, '--apply']));
    expect(first.count.items.map((v: any) => [v.sku, v.variance])).toEqual(count.skus.map((sku) => [sku, -1]));
    expect(first.apply).toMatchObject({ adjustments: 3, units: -3 });
    expect(count.skus.map((sku) => query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand)).toEqual(before.map((n) => n - 1));

    const after = digest(s.db);
    const records = quarantines(s);
    const again = await s.cli(['reconcile', 'stock', '--count', count.file, '--apply']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Stocktake ${first.apply.stocktake} (this count) is already in the database and recorded stock agrees with it; nothing was written.`);
    expect(digest(s.db)).toBe(after);
    expect(quarantines(s)).toEqual(records);
    expect(first.count.applied_before).toBe(false);
    const zh = await s.cli(['--lang', 'zh', 'reconcile', 'stock', '--count', count.file, '--apply']);
    expect(zh.stdout).toContain(`盘点单 ${first.apply.stocktake}（即本次实盘）已在数据库中，账面库存与之一致；未写入任何内容。`);
    expect(englishIn(zh.stdout.split('\n').filter((l) => l.includes('盘点单')).join('\n'), { names: [], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
    const third = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file, '--apply']));
    expect(third.count).toMatchObject({ items: [], adjustments: 0, applied_before: true, stocktake: first.apply.stocktake });
    expect(third.apply).toMatchObject({ adjustments: 0, quarantine: null });
    // The plain check agrees: the stocktake is the base of expected stock, its adjustments not after it.
    const plain = json(await s.cli(['--json', 'reconcile', 'stock']));
    expect(plain.distortions.items.map((d: any) => d.sku).sort()).toEqual(s.planted.stock_discrepancies.map((p) => p.sku).sort());
    expect(digest(s.db)).toBe(after);
  });

  it('a count posted before that no longer agrees (a hand edit since) is refused with the ref and what to do, before any write', async () => {
    const s = shops.fresh();
    const count = staggeredCount(s);
    const first = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file, '--apply']));
    exec(s.db, `UPDATE stock SET on_hand = on_hand + 5 WHERE sku = '${count.skus[1]}'`);
    const edited = digest(s.db);
    const records = quarantines(s);
    const dry = await s.cli(['reconcile', 'stock', '--count', count.file]);
    expect(dry.stdout).toContain(`stocktake ${first.apply.stocktake} is already in store.db, yet 1 SKU(s) now differ from this count`);
    expect(dry.stdout).not.toContain('--apply posts');
    const again = await s.cli(['reconcile', 'stock', '--count', count.file, '--apply']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`stocktake ${first.apply.stocktake} is already in store.db, yet 1 SKU(s) now differ from this count; nothing was changed`);
    expect(again.stderr).toContain('post a recount as a new count file');
    expect(again.stderr).not.toContain('UNIQUE');
    const zh = await s.cli(['--lang', 'zh', 'reconcile', 'stock', '--count', count.file, '--apply']);
    expect(zh.stderr).toContain(`盘点单 ${first.apply.stocktake} 已在 store.db 中，但现在有 1 个商品与本次实盘不符；未做任何改动`);
    expect(englishIn(zh.stderr, { names: [], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
    expect(digest(s.db)).toBe(edited);
    expect(quarantines(s)).toEqual(records);
    const stockRows = readAudit(s.stateDir).filter((a) => a.command === 'reconcile stock');
    expect(stockRows.map((a) => [a.outcome, a.args.includes('--apply')])).toEqual([['refused', true], ['refused', true], ['ok', false], ['ok', true]]);
  });

  it('a stocktake already holding the count\'s ref (without lines, so no count shows it) is a clear message, never a raw constraint error', async () => {
    const s = shops.fresh();
    const count = staggeredCount(s);
    const plan = json(await s.cli(['--json', 'reconcile', 'stock', '--count', count.file]));
    exec(s.db, `INSERT INTO stocktakes (ref, taken_at, scope, taken_by) VALUES ('${plan.count.stocktake}', '2026-11-21T08:00:00+08:00', 'by hand', 'test')`);
    const taken = digest(s.db);
    const r = await s.cli(['reconcile', 'stock', '--count', count.file, '--apply']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`stocktake ${plan.count.stocktake} is already in store.db, yet 3 SKU(s) now differ from this count; nothing was changed`);
    expect(r.stderr).not.toContain('UNIQUE');
    expect(digest(s.db)).toBe(taken);
  });
});
