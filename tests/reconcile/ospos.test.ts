// The worked example of the README: Open Source Point of Sale's own tables (integer item ids, local
// times without an offset, no stored sale total), read and written through examples/mappings/ospos.yaml.
// The store (fixtures/ospos-store.ts) was restored from a backup that missed the last sales of the
// week and carries planted problems; reconcile must find exactly those, and --apply must write rows
// OSPOS's own constraints accept, after which there is nothing left to do.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { buildOsposStore, type OsposStore } from './fixtures/ospos-store.js';
import { digest, json, query } from './store-fixture.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: OsposStore;
const cli = (args: string[]) => runCli(['--config', 'store-ops.yaml', '--json', ...args], { cwd: store.dir });
const COUNT = 'counts/count-1129.csv';

beforeAll(() => {
  store = buildOsposStore(path.join(tmp.dir, 'ospos'), path.join(ROOT, 'examples', 'mappings', 'ospos.yaml'));
});

/** What SQLite's own foreign key check finds wrong in the whole database. */
const foreignKeyProblems = () => {
  const db = new Database(store.db, { readonly: true });
  try {
    return db.pragma('foreign_key_check');
  } finally {
    db.close();
  }
};

describe('Open Source Point of Sale through the careful mapping', () => {
  it('reconcile sales finds the receipts the backup missed, the hand-edited receipt, the sale the journal lost and the paper slip, and nothing else', async () => {
    const a = store.answers;
    const r = json(await cli(['reconcile', 'sales']));
    expect(r.problems).toEqual([]);
    const missingAmount = Math.round(a.missing.reduce((s, m) => s + m.total * 100, 0)) / 100;
    expect(r.total.receipts).toMatchObject({
      in_database: { count: a.inDatabase - 2 }, missing: { count: a.missing.length, amount: missingAmount },
      conflict: { count: 1, amount: a.conflict.journal_total }, source_conflict: { count: 0 }, unknown_code: { count: 0 },
      database_only: { count: 1, amount: a.databaseOnly.total },
    });
    expect(r.receipts.filter((x: any) => x.status === 'database_only').map((x: any) => [x.receipt_no, x.at, x.total])).toEqual([[a.databaseOnly.receipt_no, a.databaseOnly.at, a.databaseOnly.total]]);
    expect(r.receipts.filter((x: any) => x.status === 'missing').map((x: any) => [x.receipt_no, x.total])).toEqual(a.missing.map((m) => [m.receipt_no, m.total]));
    expect(r.receipts.filter((x: any) => x.status === 'conflict').map((x: any) => [x.receipt_no, x.source, x.differences])).toEqual([[a.conflict.receipt_no, `journals/pos.jsonl:${a.conflict.line}`, [
      { field: 'total', sku: null, source: a.conflict.journal_total, database: a.conflict.database_total },
      { field: 'qty', sku: a.conflict.sku, source: a.conflict.journal_qty, database: a.conflict.database_qty },
    ]]]);
    expect(r.slips.map((s: any) => [s.slip_no, s.status, s.total, s.source])).toEqual([[a.slip.slip_no, 'unconfirmed', a.slip.total, `${a.slip.file}:2-3`]]);
  });

  it('reconcile stock finds exactly the three hand-changed stock quantities, with their value at cost', async () => {
    const r = json(await cli(['reconcile', 'stock']));
    expect(r.skus).toBe(40);
    expect(r.distortions.items).toEqual([...store.answers.distortions].sort((x, y) => (x.sku < y.sku ? -1 : 1)).map((d) => ({ ...d, last_count_at: null })));
  });

  it('reconcile sales --apply enters the missing receipts in OSPOS\'s tables, keys intact, and a second run finds nothing missing', async () => {
    const a = store.answers;
    const r = json(await cli(['reconcile', 'sales', '--apply']));
    const lines = a.missing.reduce((n, m) => n + m.lines, 0);
    expect(r.apply).toMatchObject({ receipts: a.missing.length, from_journals: a.missing.length, from_paper: 0, lines, movements: lines });
    expect(foreignKeyProblems()).toEqual([]);
    const first = a.missing[0]!;
    expect(query(store.db, 'SELECT sale_id, sale_time, invoice_number, sale_status, sale_type FROM ospos_sales WHERE sale_id = ?', Number(first.receipt_no))).toEqual([
      { sale_id: Number(first.receipt_no), sale_time: expect.stringMatching(/^2026-11-29 \d\d:\d\d:\d\d$/), invoice_number: null, sale_status: 0, sale_type: 0 },
    ]);
    const moved = query(store.db, "SELECT trans_items, trans_inventory FROM ospos_inventory WHERE trans_comment = ? ORDER BY trans_id", `POS ${first.receipt_no}`);
    expect(moved).toEqual(first.stock.map((s) => ({ trans_items: Number(s.sku), trans_inventory: s.qty })));
    const [paid] = query<{ cents: number }>(store.db, 'SELECT round(sum(payment_amount) * 100) AS cents FROM ospos_sales_payments WHERE sale_id >= ?', Number(first.receipt_no));
    expect(paid!.cents).toBe(Math.round(a.missing.reduce((s, m) => s + m.total * 100, 0)));
    const after = json(await cli(['reconcile', 'sales']));
    expect(after.total.receipts).toMatchObject({ in_database: { count: a.sales - 2 }, missing: { count: 0 }, conflict: { count: 1 }, database_only: { count: 1 } });
    expect(json(await cli(['reconcile', 'sales', '--apply'])).apply.receipts).toBe(0);
  });

  it('the confirmed paper slip is entered under its slip id, and is then in the database', async () => {
    const a = store.answers;
    const id = json(await cli(['reconcile', 'sales'])).slips[0].id as string;
    const r = json(await cli(['reconcile', 'sales', '--apply', '--confirm', id]));
    expect(r.apply).toMatchObject({ receipts: 1, from_paper: 1, lines: 2 });
    expect(foreignKeyProblems()).toEqual([]);
    expect(query(store.db, 'SELECT sale_id, sale_time, invoice_number FROM ospos_sales WHERE invoice_number = ?', id)).toEqual([
      { sale_id: a.sales + 1, sale_time: '2026-11-27 15:20:00', invoice_number: id },
    ]);
    expect(query(store.db, 'SELECT item_id, quantity_purchased FROM ospos_sales_items WHERE sale_id = ? ORDER BY line', a.sales + 1))
      .toEqual(a.slip.lines.map((l) => ({ item_id: Number(l.sku), quantity_purchased: l.qty })));
    const after = json(await cli(['reconcile', 'sales']));
    expect(after.slips.map((s: any) => [s.id, s.status])).toEqual([[id, 'in_database']]);
  });

  it('reconcile stock --count finds the planted differences, each at its own counted_at', async () => {
    const r = json(await cli(['reconcile', 'stock', '--count', COUNT]));
    expect(r.count.unknown_codes).toEqual([]);
    expect(r.count.items.map((v: any) => ({ sku: v.sku, code: v.code, counted_at: v.counted_at, counted: v.counted, recorded: v.recorded, variance: v.variance, unit_cost: v.unit_cost, value: v.value })))
      .toEqual(store.answers.count.variances);
  });

  it('reconcile stock --count --apply posts the differences as inventory rows once; applied again it posts nothing', async () => {
    const a = store.answers;
    const units = Math.round(a.count.variances.reduce((s, v) => s + v.variance * 1000, 0)) / 1000;
    const r = json(await cli(['reconcile', 'stock', '--count', COUNT, '--apply']));
    expect(r.apply).toMatchObject({ adjustments: a.count.variances.length, units });
    expect(foreignKeyProblems()).toEqual([]);
    const posted = query(store.db, "SELECT trans_items, trans_inventory FROM ospos_inventory WHERE trans_comment LIKE 'ST-%' ORDER BY trans_items");
    expect(posted).toEqual(a.count.variances.map((v) => ({ trans_items: Number(v.sku), trans_inventory: v.variance })).sort((x, y) => x.trans_items - y.trans_items));
    const again = json(await cli(['reconcile', 'stock', '--count', COUNT, '--apply']));
    expect(again.count.items).toEqual([]);
    expect(again.apply).toMatchObject({ adjustments: 0, units: 0 });
  });

  it('afterwards every recorded quantity is what the answer key says, and only the planted distortions remain', async () => {
    const rows = query(store.db, 'SELECT item_id, quantity FROM ospos_item_quantities ORDER BY item_id') as Array<{ item_id: number; quantity: number }>;
    expect(new Map(rows.map((q) => [String(q.item_id), q.quantity]))).toEqual(store.answers.finalStock);
    const r = json(await cli(['reconcile', 'stock']));
    expect(r.distortions.items.map((d: any) => [d.sku, d.difference])).toEqual([...store.answers.distortions].sort((x, y) => (x.sku < y.sku ? -1 : 1)).map((d) => [d.sku, d.difference]));
  });
});

describe('Open Source Point of Sale: reconcile undo', () => {
  it('takes back the count, the slip and the receipts in turn: OSPOS\'s tables are as they were', async () => {
    const own = buildOsposStore(path.join(tmp.dir, 'ospos-undo'), path.join(ROOT, 'examples', 'mappings', 'ospos.yaml'));
    const run = (args: string[]) => runCli(['--config', 'store-ops.yaml', '--json', ...args], { cwd: own.dir }).then(json);
    const start = digest(own.db);
    const sales = await run(['reconcile', 'sales', '--apply']);
    expect(sales.apply.changes.tables).toEqual([
      { table: 'ospos_inventory', inserted: sales.apply.movements, updated: 0, deleted: 0 },
      { table: 'ospos_item_quantities', inserted: 0, updated: new Set(own.answers.missing.flatMap((m) => m.stock.map((x) => x.sku))).size, deleted: 0 },
      { table: 'ospos_sales', inserted: own.answers.missing.length, updated: 0, deleted: 0 },
      { table: 'ospos_sales_items', inserted: sales.apply.lines, updated: 0, deleted: 0 },
      { table: 'ospos_sales_payments', inserted: own.answers.missing.length, updated: 0, deleted: 0 },
    ]);
    const id = (await run(['reconcile', 'sales'])).slips[0].id as string;
    await run(['reconcile', 'sales', '--apply', '--confirm', id]);
    expect((await run(['reconcile', 'stock', '--count', COUNT, '--apply'])).apply.adjustments).toBe(own.answers.count.variances.length);
    for (const command of ['reconcile stock', 'reconcile sales', 'reconcile sales']) {
      expect(await run(['reconcile', 'undo'])).toMatchObject({ command, outcome: 'undone', left: [] });
    }
    expect(digest(own.db)).toBe(start);
  });
});
