// The plan is made from a read, the write comes later: a register that uploads its queue in
// between must not make a receipt go in twice. The write looks each receipt up again inside its
// transaction and leaves the ones that arrived alone.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardApply } from '../../src/reconcile/apply-guard.js';
import { SALES_WRITES, applySales } from '../../src/reconcile/apply-sales.js';
import { findInputs } from '../../src/reconcile/inputs.js';
import { openMapped } from '../../src/reconcile/mapped-db.js';
import { BUILTIN_MAPPING } from '../../src/reconcile/mapping.js';
import { planSales } from '../../src/reconcile/sales-plan.js';
import { tempDir } from '../helpers/cli.js';
import { makeShop, query, type Shop } from './store-fixture.js';

const tmp = tempDir();
let shop: Shop;
beforeAll(async () => {
  shop = await makeShop(tmp.dir);
});
afterAll(tmp.cleanup);

describe('a receipt that reaches the database between the plan and the write', () => {
  it('is skipped by the write, not entered a second time; the others are entered', async () => {
    const journals = await findInputs([{ pattern: path.join(shop.dir, 'journals', '*.jsonl'), encoding: 'utf-8', setting: 'journals[0].encoding' }], shop.dir);
    const plan = planSales({
      database: shop.db, mapping: BUILTIN_MAPPING, configDir: shop.dir, cwd: shop.dir, timeZone: 'Asia/Shanghai',
      journals: journals.files, manual: [], confirm: [], windowMinutes: 30, now: Date.now(),
    });
    const late = plan.toEnter[3]!;
    const db = new Database(shop.db);
    db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total, source) VALUES (?, ?, ?, ?, ?, ?, 'register')").run(late.register, late.receipt_no, late.at, late.cashier, late.kind, late.total);
    db.close();

    const store = openMapped(shop.db, BUILTIN_MAPPING, shop.dir, { write: true });
    const guard = await guardApply(store, { stateDir: shop.stateDir, database: shop.db, operator: 'test', command: 'reconcile sales', writes: SALES_WRITES });
    const done = applySales(store, plan.toEnter, '2026-11-21T21:00:00+08:00', guard);
    store.db.close();
    expect(done.skipped).toEqual([`${late.register}/${late.receipt_no}`]);
    expect(done.receipts).toBe(plan.toEnter.length - 1);
    expect(query(shop.db, 'SELECT source FROM sales WHERE register = ? AND receipt_no = ?', late.register, late.receipt_no)).toEqual([{ source: 'register' }]);
  });
});
