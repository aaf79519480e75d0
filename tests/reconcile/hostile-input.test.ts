// Journals, paper records and counts that are well formed but mean nothing a store can have: each
// line is named file:line with its reason, nothing of it is entered by --apply, and the good lines
// around it still are.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { json, query, shopPerFile } from './store-fixture.js';

const tmp = tempDir();
const { base, fresh } = shopPerFile(tmp.dir);
let skus: Array<{ sku: string; barcode: string; price: number }>;
beforeAll(() => {
  skus = query(base().db, "SELECT sku, barcode, price FROM products WHERE unit <> 'kg' ORDER BY sku LIMIT 3");
});
afterAll(tmp.cleanup);

const FORMULA = "=cmd|' /C calc'!A0";
const AT = '2026-11-21T19:10:00+08:00';

/** A receipt worth `qty` of the first SKU, with `change` applied to it. */
function receipt(no: string, change: (r: Record<string, any>) => void = () => undefined, qty = 1): Record<string, any> {
  const { sku, price } = skus[0]!;
  const total = Math.round(qty * price * 100) / 100;
  const r: Record<string, any> = { register: 'POS-09', receipt_no: no, at: AT, cashier: 'c09', kind: 'sale', lines: [{ sku, qty, unit_price: price }], payments: [{ method: 'cash', amount: total }], total };
  change(r);
  return r;
}

describe('journal lines that mean nothing', () => {
  it('each is reported at its file:line with its reason and never entered; the good receipts around them are', async () => {
    const s = fresh();
    const { sku, price } = skus[0]!;
    const worth819 = Math.ceil(819 / price);
    const lines: Array<[string, string | null]> = [
      [JSON.stringify(receipt('000001')), null],
      [JSON.stringify(receipt('000002', (r) => (r.lines[0].qty = 1e308))), 'out_of_range'],
      [JSON.stringify(receipt('000003', (r) => (r.lines[0].unit_price = 1e308))), 'out_of_range'],
      [JSON.stringify(receipt('000004', (r) => (r.total = 1e308))), 'out_of_range'],
      [JSON.stringify(receipt('000005', (r) => ((r.total = 0.01), (r.payments[0].amount = 0.01)), worth819)), 'total_mismatch'],
      [JSON.stringify(receipt('000006', (r) => ((r.total = -r.total), (r.payments[0].amount = r.total)))), 'total_mismatch'],
      [JSON.stringify(receipt('000007', (r) => r.payments.push({ method: 'card', amount: -99999 }))), 'payment_sign'],
      [JSON.stringify(receipt('000008', (r) => (r.kind = 'void'))), 'void_total'],
      [JSON.stringify(receipt('000009', (r) => (r.kind = 'refund'))), 'journal_invalid'],
      [JSON.stringify(receipt('000010', (r) => (r.at = '9999-01-01T10:00:00+08:00'))), 'implausible_time'],
      [JSON.stringify(receipt('000011', (r) => (r.at = '2099-11-21T10:00:00+08:00'))), 'implausible_time'],
      [JSON.stringify(receipt('000012', (r) => (r.at = '1999-12-31T10:00:00+08:00'))), 'implausible_time'],
      [`{"register":"POS-09","receipt_no":"000013","at":"${AT}","kind":"sale","lines":[{"sku":"${sku}","qty":1,"unit_price":${price},"qty":100}],"total":${price}}`, 'duplicate_key'],
      [JSON.stringify(receipt('000014', (r) => (r.register = FORMULA))), 'formula_id'],
      [JSON.stringify(receipt('000015', (r) => (r.payments[0].amount = r.total + 5))), 'payments_mismatch'],
      [JSON.stringify(receipt('000016', (r) => ((r.kind = 'return'), (r.total = -r.total), (r.payments[0].amount = r.total)))), null],
    ];
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), lines.map(([l]) => l).join('\n') + '\n');
    const onHandBefore = query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand;
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const reported = r.problems.filter((p: any) => p.file === 'journals/register-09.jsonl').map((p: any) => [p.line, p.code]);
    expect(reported).toEqual(lines.flatMap(([, code], i) => (code ? [[i + 1, code]] : [])));
    const says = (line: number) => r.problems.find((p: any) => p.file === 'journals/register-09.jsonl' && p.line === line).message;
    expect(says(2)).toBe('journals/register-09.jsonl:2: lines[0].qty 1e+308 is above the limit of 100000; skipped (see the README for the limits)');
    expect(says(5)).toContain(`total 0.01, but the lines of this sale add up to ${Math.round(worth819 * price * 100) / 100}`);
    expect(says(8)).toContain('a void has total');
    expect(says(10)).toContain('time "9999-01-01T10:00:00+08:00" is before 2000 or more than a day after now');
    expect(says(13)).toContain('key "qty" appears twice');
    expect(says(14)).toContain(`register "${FORMULA}" starts like a spreadsheet formula`);
    const entered = query<{ receipt_no: string; register: string }>(s.db, "SELECT register, receipt_no FROM sales WHERE register IN ('POS-09', ?) ORDER BY receipt_no", FORMULA);
    expect(entered).toEqual([{ register: 'POS-09', receipt_no: '000001' }, { register: 'POS-09', receipt_no: '000016' }]);
    // The sale and its return cancel out; the demo's own journal receipts may move this SKU too.
    const moved = query<{ d: number }>(s.db, "SELECT coalesce(sum(qty_delta), 0) AS d FROM stock_movements WHERE sku = ? AND note LIKE 'reconcile %'", sku)[0]!.d;
    expect(query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand).toBeCloseTo(onHandBefore + moved, 6);
    expect(query(s.db, 'SELECT sku FROM stock WHERE NOT (on_hand BETWEEN -1e9 AND 1e9)')).toEqual([]);
  });

  it('a journal that starts with a byte-order mark keeps its first receipt', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), `\uFEFF${JSON.stringify(receipt('000001'))}\n${JSON.stringify(receipt('000002'))}\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.problems.filter((p: any) => p.file === 'journals/register-09.jsonl')).toEqual([]);
    expect(query(s.db, "SELECT receipt_no FROM sales WHERE register = 'POS-09' ORDER BY receipt_no")).toEqual([{ receipt_no: '000001' }, { receipt_no: '000002' }]);
  });
});

const MANUAL_HEADER = 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note';

describe('paper-record rows that mean nothing', () => {
  it('an unclosed quote is reported at its own row and the next row is still read; formula ids, huge quantities and impossible times are refused', async () => {
    const s = fresh();
    const [a, b] = skus;
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), [
      MANUAL_HEADER,
      `2026-11-21 19:40,POS-04,S-950,${a!.sku},1,${a!.price},cash,王芳,`,
      `2026-11-21 19:41,POS-04,"S-951,${a!.sku},1,${a!.price},cash,王芳,`,
      `2026-11-21 19:42,POS-04,S-952,${b!.sku},2,${b!.price},cash,王芳,`,
      `2026-11-21 19:43,POS-04,@SUM(A1:A9),${a!.sku},1,${a!.price},cash,王芳,`,
      `2026-11-21 19:44,${FORMULA},S-954,${a!.sku},1,${a!.price},cash,王芳,`,
      `2026-11-21 19:45,POS-04,S-955,${a!.sku},1000000000000000,${a!.price},cash,王芳,`,
      `9999-12-31 19:46,POS-04,S-956,${a!.sku},1,${a!.price},cash,王芳,`,
    ].join('\r\n') + '\r\n');
    const r = json(await s.cli(['--json', 'reconcile', 'sales']));
    const reported = r.problems.filter((p: any) => p.file === 'manual/outage-extra.csv').map((p: any) => [p.line, p.code]);
    expect(reported).toEqual([[3, 'csv_unclosed_quote'], [5, 'formula_id'], [6, 'formula_id'], [7, 'out_of_range'], [8, 'implausible_time']]);
    const slip = (no: string) => r.slips.find((x: any) => x.slip_no === no);
    expect(slip('S-950')).toMatchObject({ status: 'unconfirmed', source: 'manual/outage-extra.csv:2' });
    expect(slip('S-952')).toMatchObject({ status: 'unconfirmed', source: 'manual/outage-extra.csv:4', total: Math.round(2 * b!.price * 100) / 100 });
    for (const no of ['@SUM(A1:A9)', 'S-954', 'S-955', 'S-956']) expect(slip(no)?.status).toBe('invalid');
    const refused = await s.cli(['reconcile', 'sales', '--apply', '--confirm', slip('S-954').id]);
    expect(refused.code).toBe(2);
    expect(query(s.db, 'SELECT id FROM sales WHERE register = ?', FORMULA)).toEqual([]);
  });
});

describe('count rows that mean nothing', () => {
  it('a counted quantity of 1e15, a count dated 2099 and a formula code are refused with file:line and never adjusted', async () => {
    const s = fresh();
    const [a, b, c] = skus;
    const onHand = (sku: string) => query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand;
    const before = { a: onHand(a!.sku), b: onHand(b!.sku) };
    writeFileSync(path.join(s.dir, 'counts', 'hand.csv'), [
      'sku_or_barcode,counted_qty,counted_at',
      `${a!.sku},1000000000000000,2026-11-21 20:00`,
      `${b!.sku},1,2099-01-01 20:00`,
      `${FORMULA},4,2026-11-21 20:00`,
      `${c!.sku},${onHand(c!.sku) + 1},2026-11-21 20:00`,
    ].join('\n') + '\n');
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', 'counts/hand.csv', '--apply']));
    expect(r.problems.map((p: any) => [p.file, p.line, p.code])).toEqual([
      ['counts/hand.csv', 2, 'out_of_range'], ['counts/hand.csv', 3, 'implausible_time'], ['counts/hand.csv', 4, 'formula_id'],
    ]);
    expect(r.count.skus).toBe(1);
    expect({ a: onHand(a!.sku), b: onHand(b!.sku) }).toEqual(before);
    expect(query(s.db, "SELECT sku FROM stock_movements WHERE kind = 'adjustment' AND ref = ?", r.apply.stocktake)).toEqual([{ sku: c!.sku }]);
  });
});
