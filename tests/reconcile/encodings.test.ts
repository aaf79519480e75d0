// Journals and paper records saved in GB18030, as many Chinese tills and Excel installs save them:
// read in the encoding the config (or --encoding) states, with their Chinese names entered as
// written; bytes the stated encoding cannot decode are a problem at file:line, never mojibake in
// the database.
import iconv from 'iconv-lite';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { tempDir } from '../helpers/cli.js';
import { json, query, shopPerFile, type Shop } from './store-fixture.js';

const tmp = tempDir();
const { base, fresh } = shopPerFile(tmp.dir);
let item: { sku: string; price: number };
beforeAll(() => {
  item = query<{ sku: string; price: number }>(base().db, "SELECT sku, price FROM products WHERE unit <> 'kg' ORDER BY sku LIMIT 1")[0]!;
});
afterAll(tmp.cleanup);

const gb = (text: string) => iconv.encode(text, 'gb18030');

function journal(no: string): string {
  const total = Math.round(2 * item.price * 100) / 100;
  return JSON.stringify({ register: 'POS-09', receipt_no: no, at: '2026-11-21T19:10:00+08:00', cashier: '张伟', kind: 'sale', lines: [{ sku: item.sku, qty: 2, unit_price: item.price }], payments: [{ method: '现金', amount: total }], total });
}

const manual = () =>
  `at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note\r\n2026-11-21 19:40,POS-04,S-960,${item.sku},1,${item.price},现金,王芳,收银机断电\r\n`;

/** The shop's config with a second journals and manual_records entry read as GB18030. */
function withGbEntries(s: Shop): void {
  const file = path.join(s.dir, 'store-ops.yaml');
  const config = parse(readFileSync(file, 'utf8'));
  config.journals.push({ path: './gb/*.jsonl', encoding: 'gb18030' });
  config.manual_records.push({ path: './gb/*.csv', encoding: 'gb18030' });
  writeFileSync(file, stringify(config));
  mkdirSync(path.join(s.dir, 'gb'));
}

describe('GB18030 journals and paper records', () => {
  it('are entered with their Chinese cashiers, staff and payment methods as written', async () => {
    const s = fresh();
    withGbEntries(s);
    writeFileSync(path.join(s.dir, 'gb', 'register-09.jsonl'), gb(`${journal('000001')}\n`));
    writeFileSync(path.join(s.dir, 'gb', 'outage-gb.csv'), gb(manual()));
    const plan = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(plan.problems.filter((p: any) => p.file.startsWith('gb/'))).toEqual([]);
    const slip = plan.slips.find((x: any) => x.slip_no === 'S-960');
    json(await s.cli(['--json', 'reconcile', 'sales', '--apply', '--confirm', slip.id]));
    expect(query(s.db, "SELECT s.cashier, p.method FROM sales s JOIN payments p ON p.sale_id = s.id WHERE s.register = 'POS-09'")).toEqual([{ cashier: '张伟', method: '现金' }]);
    expect(query(s.db, 'SELECT s.cashier, p.method FROM sales s JOIN payments p ON p.sale_id = s.id WHERE s.receipt_no = ?', slip.id)).toEqual([{ cashier: '王芳', method: '现金' }]);
  });

  it('read as UTF-8 (no encoding stated), each undecodable line is a problem at file:line naming the key to set, and nothing of it is entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'journals', 'register-09.jsonl'), Buffer.concat([Buffer.from(`${journal('000001').replace('张伟', 'c09').replace('现金', 'cash')}\n`), gb(`${journal('000002')}\n`)]));
    writeFileSync(path.join(s.dir, 'manual', 'outage-gb.csv'), gb(manual()));
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.problems.find((p: any) => p.file === 'journals/register-09.jsonl')).toEqual({
      file: 'journals/register-09.jsonl', line: 2, code: 'undecodable',
      message: 'journals/register-09.jsonl:2: bytes that are not valid utf-8; line skipped, nothing from it entered. If the file was saved in another encoding (GB18030 is common on Chinese tills), set "journals[0].encoding: gb18030"',
    });
    expect(r.problems.find((p: any) => p.file === 'manual/outage-gb.csv')).toMatchObject({ line: 2, code: 'undecodable' });
    expect(r.problems.find((p: any) => p.file === 'manual/outage-gb.csv').message).toContain('"manual_records[0].encoding: gb18030"');
    expect(r.slips.find((x: any) => x.source === 'manual/outage-gb.csv:2').status).toBe('invalid');
    expect(query(s.db, "SELECT receipt_no, cashier FROM sales WHERE register = 'POS-09'")).toEqual([{ receipt_no: '000001', cashier: 'c09' }]);
    expect(query(s.db, "SELECT id FROM sales WHERE cashier LIKE '%\uFFFD%'")).toEqual([]);
  });

  it('a journal named on the command line is read in the encoding --encoding gives', async () => {
    const s = fresh();
    writeFileSync(path.join(tmp.dir, 'loose-gb.jsonl'), gb(`${journal('000003')}\n`));
    const wrong = json(await s.cli(['--json', 'reconcile', 'sales', '--journal', path.join(tmp.dir, 'loose-gb.jsonl')]));
    expect(wrong.problems[0].message).toContain('set "--encoding gb18030"');
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--journal', path.join(tmp.dir, 'loose-gb.jsonl'), '--encoding', 'gb18030', '--apply']));
    expect(r.problems).toEqual([]);
    expect(query(s.db, "SELECT cashier FROM sales WHERE register = 'POS-09'")).toEqual([{ cashier: '张伟' }]);
  });
});
