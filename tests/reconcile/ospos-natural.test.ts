// The mapping a store's IT person writes first for Open Source Point of Sale
// (examples/mappings/ospos-natural.yaml: `item_id AS sku`, `sale_time AS at`, the total as plain
// arithmetic) must give the same numbers as the careful one (ospos.yaml), step by step, on two
// copies of the same store: what reconcile reports and what --apply writes.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { buildOsposStore, type OsposStore } from './fixtures/ospos-store.js';
import { json, query } from './store-fixture.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const COUNT = 'counts/count-1129.csv';
let careful: OsposStore;
let natural: OsposStore;

beforeAll(() => {
  careful = buildOsposStore(path.join(tmp.dir, 'careful'), path.join(ROOT, 'examples', 'mappings', 'ospos.yaml'));
  natural = buildOsposStore(path.join(tmp.dir, 'natural'), path.join(ROOT, 'examples', 'mappings', 'ospos-natural.yaml'));
});

/** The same command on both stores: the careful answer first. */
async function both(args: string[]): Promise<[any, any]> {
  const run = (s: OsposStore) => runCli(['--config', 'store-ops.yaml', '--json', ...args], { cwd: s.dir }).then(json);
  return Promise.all([run(careful), run(natural)]);
}

const salesNumbers = (r: any) => ({
  problems: r.problems,
  total: r.total,
  receipts: r.receipts.filter((x: any) => x.status !== 'in_database').map((x: any) => ({ receipt_no: x.receipt_no, status: x.status, at: x.at, total: x.total, differences: x.differences })),
  slips: r.slips.map((s: any) => ({ id: s.id, status: s.status, total: s.total, matched_to: s.matched_to })),
});
const stockNumbers = (r: any) => ({ skus: r.skus, movements: r.movements, distortions: r.distortions, count: r.count && { items: r.count.items, unknown_codes: r.count.unknown_codes } });
const tables = (s: OsposStore) => ({
  quantities: query(s.db, 'SELECT item_id, quantity FROM ospos_item_quantities ORDER BY item_id'),
  inventory: query(s.db, 'SELECT trans_items, trans_date, trans_comment, trans_inventory FROM ospos_inventory ORDER BY trans_id'),
  sales: query(s.db, 'SELECT sale_id, sale_time, invoice_number, employee_id FROM ospos_sales ORDER BY sale_id'),
  lines: query(s.db, 'SELECT sale_id, item_id, line, quantity_purchased, item_unit_price FROM ospos_sales_items ORDER BY sale_id, line'),
});

describe('Open Source Point of Sale: the natural mapping gives the careful mapping\'s numbers', () => {
  it('reconcile sales: the same receipts missing, the same conflict, the same slip', async () => {
    const [c, n] = await both(['reconcile', 'sales']);
    expect(salesNumbers(n)).toEqual(salesNumbers(c));
  });

  it('reconcile stock, with and without the count: the same distortions and the same differences', async () => {
    const [c, n] = await both(['reconcile', 'stock']);
    expect(stockNumbers(n)).toEqual(stockNumbers(c));
    const [cc, nc] = await both(['reconcile', 'stock', '--count', COUNT]);
    expect(stockNumbers(nc)).toEqual(stockNumbers(cc));
  });

  it('reconcile sales --apply, then the slip: the same rows written, and the same report afterwards', async () => {
    const [c, n] = await both(['reconcile', 'sales', '--apply']);
    expect(n.apply.receipts).toBe(careful.answers.missing.length);
    expect({ receipts: n.apply.receipts, lines: n.apply.lines, movements: n.apply.movements }).toEqual({ receipts: c.apply.receipts, lines: c.apply.lines, movements: c.apply.movements });
    const [cs] = await both(['reconcile', 'sales']);
    const id = cs.slips[0].id as string;
    await both(['reconcile', 'sales', '--apply', '--confirm', id]);
    expect(tables(natural)).toEqual(tables(careful));
    const [ca, na] = await both(['reconcile', 'sales']);
    expect(salesNumbers(na)).toEqual(salesNumbers(ca));
  });

  it('reconcile stock --count --apply, twice: the same adjustments once, then none, and the same stock', async () => {
    const [c, n] = await both(['reconcile', 'stock', '--count', COUNT, '--apply']);
    expect({ adjustments: n.apply.adjustments, units: n.apply.units }).toEqual({ adjustments: c.apply.adjustments, units: c.apply.units });
    const [c2, n2] = await both(['reconcile', 'stock', '--count', COUNT, '--apply']);
    expect({ adjustments: n2.apply.adjustments, units: n2.apply.units }).toEqual({ adjustments: c2.apply.adjustments, units: c2.apply.units });
    expect(n2.apply.adjustments).toBe(0);
    expect(tables(natural)).toEqual(tables(careful));
  });
});
