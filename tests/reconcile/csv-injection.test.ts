// Every CSV store-ops writes is opened in a spreadsheet, and its text comes from databases and
// files nobody here controls: a text cell a spreadsheet would run as a formula gets a leading ',
// while numbers (quantities, money, differences) stay numbers, negative ones included.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/ui/csv.js';
import { tempDir } from '../helpers/cli.js';
import { exec, json, query, shopPerFile } from './store-fixture.js';

const tmp = tempDir();
const { base, fresh } = shopPerFile(tmp.dir);
afterAll(tmp.cleanup);

const HYPERLINK = '=HYPERLINK("http://evil.example","x")';
const readCsvOut = (file: string) => parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;

describe('one cell', () => {
  it("prefixes text starting with = + - @, tab or carriage return with ', and writes finite numbers as they are", () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('\t=1+2')).toBe("'\t=1+2");
    expect(csvCell('\r=1+2')).toBe(`"'\r=1+2"`);
    expect(csvCell(HYPERLINK)).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    // Text that happens to look like a negative number is still text from outside: quoted.
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(-Infinity)).toBe("'-Infinity");
    expect(csvCell('POS-01')).toBe('POS-01');
  });

  it('counts spaces in front and the full-width signs Chinese input methods type, which some spreadsheets fold to a formula', () => {
    expect(csvCell(' =1+2')).toBe("' =1+2");
    expect(csvCell('\u3000=1+2')).toBe("'\u3000=1+2");
    expect(csvCell('\u00a0@SUM(A1)')).toBe("'\u00a0@SUM(A1)");
    expect(csvCell('＝HYPERLINK("http://evil.example")')).toBe(`"'＝HYPERLINK(""http://evil.example"")"`);
    expect(csvCell('＋86 138')).toBe("'＋86 138");
    expect(csvCell('－5')).toBe("'－5");
    expect(csvCell('＠A1')).toBe("'＠A1");
    expect(csvCell('收银台 =1')).toBe('收银台 =1');
    expect(csvCell('  POS-01')).toBe('  POS-01');
  });
});

describe('--out', () => {
  it('reconcile sales: a receipt number that is a formula is neutralized; a refund total stays a number', async () => {
    const s = fresh();
    const at = query<{ at: string }>(s.db, "SELECT max(at) AS at FROM sales WHERE register = 'POS-01'")[0]!.at;
    exec(s.db, `INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES
      ('POS-01', '${HYPERLINK.replace(/'/g, "''")}', '${at}', 'c01', 'sale', 3.5),
      ('POS-01', 'R-X1', '${at}', '@SUM(A1:A9)', 'return', -12.5)`);
    json(await s.cli(['--json', 'reconcile', 'sales', '--out', 'out/sales.csv']));
    const raw = readFileSync(path.join(s.dir, 'out', 'sales.csv'), 'utf8');
    expect(raw).not.toMatch(/(^|,)"?[=+@]/m);
    const rows = readCsvOut(path.join(s.dir, 'out', 'sales.csv'));
    expect(rows.find((r) => r.id === `POS-01/${HYPERLINK}`)).toMatchObject({ receipt_no: `'${HYPERLINK}`, status: 'database_only', total: '3.5' });
    expect(rows.find((r) => r.id === 'POS-01/R-X1')).toMatchObject({ kind: 'return', total: '-12.5' });
  });

  it('reconcile stock: a product name that is a formula is neutralized; negative differences stay numbers', async () => {
    const s = fresh();
    const [first, second] = base().planted.stock_discrepancies;
    exec(s.db, `UPDATE products SET name = '${HYPERLINK.replace(/'/g, "''")}' WHERE sku = '${first!.sku}'; UPDATE products SET name = '-2+3' WHERE sku = '${second!.sku}'`);
    json(await s.cli(['--json', 'reconcile', 'stock', '--out', 'out/stock.csv']));
    const rows = readCsvOut(path.join(s.dir, 'out', 'stock.csv'));
    expect(rows.find((r) => r.sku === first!.sku)!.name).toBe(`'${HYPERLINK}`);
    expect(rows.find((r) => r.sku === second!.sku)!.name).toBe("'-2+3");
    const negative = rows.filter((r) => r.type === 'distortion' && Number(r.units) < 0);
    expect(negative.length).toBeGreaterThan(0);
    for (const r of negative) expect(r.units).toMatch(/^-\d+(\.\d+)?$/);
  });
});
