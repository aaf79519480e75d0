// Bad input, each its own case: reported with its file and line, everything else still read
// and entered, and the bad part never entered, not even in part.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BUILTIN_MAPPING } from '../../src/reconcile/mapping.js';
import { tempDir } from '../helpers/cli.js';
import { digest, json, query, shopPerFile, type Shop } from './store-fixture.js';

const tmp = tempDir();
const { base, fresh } = shopPerFile(tmp.dir);
let skus: Array<{ sku: string; barcode: string; price: number }>;
beforeAll(() => {
  skus = query(base().db, "SELECT sku, barcode, price FROM products WHERE unit <> 'kg' ORDER BY sku LIMIT 5");
});
afterAll(tmp.cleanup);

const journalOnly = () => base().planted.journal.journal_only_receipts;

function receipt(register: string, no: string, sku: string, qty: unknown = 1, at = '2026-11-21T19:10:00+08:00'): string {
  const price = skus.find((s) => s.sku === sku)?.price ?? 9.9;
  const total = typeof qty === 'number' ? Math.round(qty * price * 100) / 100 : price;
  return JSON.stringify({ register, receipt_no: no, at, cashier: 'c09', kind: 'sale', lines: [{ sku, qty, unit_price: price }], payments: [{ method: 'cash', amount: total }], total });
}

const MANUAL_HEADER = 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note';

describe('bad input in the journals', () => {
  it('a malformed journal line is reported with its file:line, and the lines around it are still entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), [receipt('POS-09', '000001', skus[0]!.sku), '{"register":"POS-09","receipt_no":"000002","at":', receipt('POS-09', '000003', skus[1]!.sku)].join('\n') + '\n');
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'journals/register-09.jsonl', line: 2, code: 'journal_not_json' }));
    expect(r.apply.receipts).toBe(journalOnly() + 2);
    expect(query(s.db, "SELECT receipt_no FROM sales WHERE register = 'POS-09' ORDER BY receipt_no")).toEqual([{ receipt_no: '000001' }, { receipt_no: '000003' }]);
  });

  it('a non-numeric quantity in a journal line names the key, and that receipt is not entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), `${receipt('POS-09', '000001', skus[0]!.sku, 'two')}\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.problems).toContainEqual({ file: 'journals/register-09.jsonl', line: 1, code: 'journal_invalid', message: 'journals/register-09.jsonl:1: lines[0].qty: expected a number, got "two"' });
    const zh = await s.cli(['--lang', 'zh', 'reconcile', 'sales']);
    expect(zh.stdout + zh.stderr).toContain('journals/register-09.jsonl:1：lines[0].qty：应为数字，实际为 "two"');
    expect(r.apply.receipts).toBe(journalOnly());
    expect(query(s.db, "SELECT * FROM sales WHERE register = 'POS-09'")).toEqual([]);
  });

  it('an unknown SKU is reported with its file:line, and its receipt is listed for a person, never entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), [receipt('POS-09', '000001', 'NO-SUCH-SKU'), receipt('POS-09', '000002', skus[0]!.barcode)].join('\n') + '\n');
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'journals/register-09.jsonl', line: 1, code: 'unknown_code' }));
    expect(r.receipts.find((x: any) => x.id === 'POS-09/000001')).toMatchObject({ status: 'unknown_code', unknown_codes: ['NO-SUCH-SKU'] });
    // A barcode where the SKU belongs is still the product.
    expect(query(s.db, "SELECT l.sku FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.register = 'POS-09'")).toEqual([{ sku: skus[0]!.sku }]);
  });

  it('a receipt number padded with zeros on one side only is the same receipt: not entered twice, not listed as database-only', async () => {
    const s = fresh();
    const journal = path.join(s.dir, 'journals', 'register-09.jsonl');
    writeFileSync(journal, [receipt('POS-09', '7', skus[0]!.sku), receipt('POS-09', '000008', skus[1]!.sku, 2)].join('\n') + '\n');
    expect(json(await s.cli(['--json', 'reconcile', 'sales', '--apply'])).apply.receipts).toBe(journalOnly() + 2);
    // The register's journal is written again by software that pads otherwise.
    writeFileSync(journal, [receipt('POS-09', '0007', skus[0]!.sku), receipt('POS-09', '8', skus[1]!.sku, 2)].join('\n') + '\n');
    const before = digest(s.db);
    const plan = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(plan.receipts.filter((x: any) => x.register === 'POS-09')).toEqual([]);
    const counts = plan.registers.find((x: any) => x.register === 'POS-09').receipts;
    expect([counts.in_database.count, counts.missing.count, counts.database_only.count, counts.conflict.count]).toEqual([2, 0, 0, 0]);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.apply.receipts).toBe(0);
    expect(query(s.db, "SELECT receipt_no FROM sales WHERE register = 'POS-09' ORDER BY receipt_no")).toEqual([{ receipt_no: '000008' }, { receipt_no: '7' }]);
    expect(digest(s.db)).toBe(before);
    // A changed line under the padded number is still a conflict, not a new receipt.
    writeFileSync(journal, `${receipt('POS-09', '0007', skus[0]!.sku, 3)}\n`);
    const changed = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(changed.receipts.find((x: any) => x.register === 'POS-09')).toMatchObject({ receipt_no: '0007', status: 'conflict' });
  });

  it('a receipt number reused with different content is reported at both places, and neither copy is entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), `${receipt('POS-09', '000001', skus[0]!.sku)}\n`);
    writeFileSync(path.join(s.dir, 'journals', 'register-09b.jsonl'), `${receipt('POS-09', '000001', skus[1]!.sku, 3)}\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.receipts.find((x: any) => x.id === 'POS-09/000001')).toMatchObject({
      status: 'source_conflict', source: 'journals/register-09.jsonl:1', others: ['journals/register-09b.jsonl:1'],
    });
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'journals/register-09b.jsonl', line: 1, code: 'receipt_reused' }));
    expect(r.apply.receipts).toBe(journalOnly());
    expect(query(s.db, "SELECT * FROM sales WHERE register = 'POS-09'")).toEqual([]);
  });
});

describe('bad input in the paper records', () => {
  it('a manual CSV with a wrong header is skipped whole and reported at line 1; the other files are still read', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), `\uFEFFtime,register,slip,code,qty,price\r\n2026-11-21 19:00,POS-04,S-900,${skus[0]!.sku},1,3.5\r\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'manual/outage-extra.csv', line: 1, code: 'csv_header' }));
    expect(r.slips).toHaveLength(base().receipts.paper_slips);
    expect(r.total.receipts.missing.count).toBe(journalOnly());
  });

  it('a negative quantity on a paper slip is reported, and that slip can be neither confirmed nor entered; the good slip beside it can', async () => {
    const s = fresh();
    const [a, b] = skus;
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), [
      MANUAL_HEADER,
      `2026-11-21 19:40,POS-04,S-901,${a!.sku},1,${a!.price},cash,王芳,`,
      `2026-11-21 19:40,POS-04,S-901,${b!.barcode},-1,${b!.price},cash,王芳,`,
      `2026-11-21 19:45,POS-04,S-902,${b!.sku},2,${b!.price},cash,王芳,`,
    ].join('\r\n') + '\r\n');
    const plan = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(plan.problems).toContainEqual({ file: 'manual/outage-extra.csv', line: 3, code: 'bad_quantity', message: 'manual/outage-extra.csv:3: impossible quantity "-1"; row skipped' });
    const bad = plan.slips.find((x: any) => x.slip_no === 'S-901');
    const good = plan.slips.find((x: any) => x.slip_no === 'S-902');
    expect(bad).toMatchObject({ status: 'invalid', source: 'manual/outage-extra.csv:2-3' });
    const before = digest(s.db);
    const refused = await s.cli(['reconcile', 'sales', '--apply', '--confirm', bad.id, good.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--confirm ${bad.id}: this slip has rows that could not be read (manual/outage-extra.csv:2-3)`);
    expect(digest(s.db)).toBe(before);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply', '--confirm', good.id]));
    expect(r.apply).toMatchObject({ from_paper: 1 });
    expect(query(s.db, "SELECT receipt_no, total FROM sales WHERE receipt_no LIKE 'M-%'")).toEqual([{ receipt_no: good.id, total: Math.round(2 * b!.price * 100) / 100 }]);
  });

  it('a non-numeric quantity on a paper slip is reported with its line', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), `${MANUAL_HEADER}\n2026-11-21 19:40,POS-04,S-903,${skus[0]!.sku},一,3.5,cash,王芳,\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'manual/outage-extra.csv', line: 2, code: 'bad_number', message: 'manual/outage-extra.csv:2: qty must be a number, got "一"; row skipped' }));
    expect(r.slips.find((x: any) => x.slip_no === 'S-903').status).toBe('invalid');
  });
});

describe('bad input in a count file', () => {
  const COUNT = 'counts/hand.csv';

  it('a SKU counted twice at one place is reported with both lines and not adjusted; one counted on two shelves adds up', async () => {
    const s = fresh();
    const [a, b, c] = skus;
    const onHand = (sku: string) => query<{ on_hand: number }>(s.db, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand;
    writeFileSync(path.join(s.dir, COUNT), [
      'sku_or_barcode,counted_qty,location',
      `${a!.sku},1,A-1`, `${b!.sku},2,A-2`, `${a!.barcode},1,A-1`, `${b!.sku},3,B-7`, `${c!.sku},${onHand(c!.sku)},A-3`,
    ].join('\n') + '\n');
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', COUNT, '--apply']));
    expect(r.problems).toEqual([expect.objectContaining({ file: COUNT, line: 4, code: 'count_twice', message: `${COUNT}:4: ${a!.barcode} counted again at the same place (first at line 2); this SKU is not adjusted` })]);
    expect(r.count.items.find((v: any) => v.sku === a!.sku)).toMatchObject({ ambiguous: true, lines: [2, 4] });
    expect(r.count.items.find((v: any) => v.sku === b!.sku)).toMatchObject({ counted: 5, ambiguous: false });
    const adjusted = query<{ sku: string }>(s.db, "SELECT sku FROM stock_movements WHERE kind = 'adjustment' AND ref = ?", r.apply.stocktake).map((x) => x.sku);
    expect(adjusted).toEqual([b!.sku]);
    expect(onHand(b!.sku)).toBe(5);
  });

  it('a negative or non-numeric counted quantity is reported with its line; the other rows are still counted', async () => {
    const s = fresh();
    const [a, b, c] = skus;
    writeFileSync(path.join(s.dir, COUNT), `sku_or_barcode,counted_qty\n${a!.sku},-2\n${b!.sku},abc\n${c!.sku},1\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', COUNT]));
    expect(r.problems.map((p: any) => [p.line, p.code])).toEqual([[2, 'bad_quantity'], [3, 'bad_number']]);
    expect(r.count.skus).toBe(1);
  });

  it('a count file with a wrong header is rejected whole at line 1', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, COUNT), `sku,qty\n${skus[0]!.sku},1\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'stock', '--count', COUNT, '--apply']));
    expect(r.problems).toEqual([expect.objectContaining({ line: 1, code: 'csv_header', message: `${COUNT}:1: wrong header: expected sku_or_barcode,counted_qty,[location],[counted_at], got sku,qty; the file was skipped` })]);
    expect(r.count.skus).toBe(0);
    expect(r.apply.adjustments).toBe(0);
  });
});

describe('a bad mapping file', () => {
  /** The built-in mapping written out as a file, changed by `edit`, and named in the config. */
  function withMapping(s: Shop, edit: (m: { version: number; queries: Record<string, string>; writes: Record<string, string> }) => void): void {
    const m = { version: 1, queries: { ...BUILTIN_MAPPING.queries } as Record<string, string>, writes: { ...BUILTIN_MAPPING.writes } as Record<string, string> };
    edit(m);
    writeFileSync(path.join(s.dir, 'mapping.yaml'), stringify(m));
    const config = path.join(s.dir, 'store-ops.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('mapping: builtin', 'mapping: ./mapping.yaml'));
  }
  const lineOf = (s: Shop, key: string) => readFileSync(path.join(s.dir, 'mapping.yaml'), 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`)) + 1;

  it('the built-in mapping written out as a file reads the same as builtin', async () => {
    const s = fresh();
    withMapping(s, () => undefined);
    const r = json(await s.cli(['--json', 'reconcile', 'stock']));
    expect(r.mapping).toBe(path.join(s.dir, 'mapping.yaml'));
    expect(r.distortions.items).toHaveLength(base().planted.stock_discrepancies.length);
  });

  it('an unknown key names the file, its line and the key', async () => {
    const s = fresh();
    withMapping(s, (m) => {
      m.queries.productz = m.queries.products!;
    });
    const r = await s.cli(['reconcile', 'stock']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${lineOf(s, 'productz')}: queries.productz: unknown key`);
  });

  it('a query that does not fit the database names the file, its line and the key, and nothing is read or written', async () => {
    const s = fresh();
    withMapping(s, (m) => {
      m.queries.on_hand = 'SELECT sku, qty FROM stock';
    });
    const before = digest(s.db);
    const r = await s.cli(['reconcile', 'stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: mapping.yaml:${lineOf(s, 'on_hand')}: queries.on_hand: no such column: qty`);
    expect(r.stderr).toContain('→ fix the mapping file');
    expect(digest(s.db)).toBe(before);
  });

  it('a write that uses a parameter reconcile does not give is refused before anything is read', async () => {
    const s = fresh();
    withMapping(s, (m) => {
      m.writes.movement = m.writes.movement!.replace(':note', ':memo');
    });
    const r = await s.cli(['reconcile', 'sales']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`mapping.yaml:${lineOf(s, 'movement')}: writes.movement: uses :memo; it may use :sku, :qty_delta, :kind, :ref, :at, :note`);
  });
});
