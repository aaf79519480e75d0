// The input readers on their own: what a person typing a CSV in Excel or a register writing its
// journal produces, and where each problem is said to be.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCount } from '../../src/reconcile/count-file.js';
import { checkJournalLine } from '../../src/reconcile/journal-check.js';
import { problemText } from '../../src/ui/reconcile-problems.js';
import { readJournal } from '../../src/reconcile/journal.js';
import { readManual } from '../../src/reconcile/manual.js';
import { tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const file = (name: string, text: string) => {
  const f = path.join(tmp.dir, name);
  writeFileSync(f, text);
  return f;
};
const known = (code: string) => ({ '6901': 'A1', A1: 'A1', A2: 'A2' } as Record<string, string>)[code];
const TZ = 'Asia/Shanghai';
const cx = { timeZone: TZ, now: Date.parse('2026-11-22T00:00:00+08:00'), resolve: known };
const src = (f: string, shown: string) => ({ file: f, shown, encoding: 'utf-8' as const, setting: 'manual_records[0].encoding: gb18030' });

describe('manual records CSV', () => {
  it("accepts Excel's BOM and CRLF, turns wall-clock times into the store's offset, and groups a slip's rows", () => {
    const f = file('m1.csv', '\uFEFFat,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note\r\n2026-11-21 18:40,POS-04,S-1,6901,2,3.5,cash,王芳,\r\n2026-11-21 18:40,POS-04,S-1,A2,0.25,12,cash,王芳,\r\n');
    const r = readManual(src(f, 'm1.csv'), cx);
    expect(r.problems).toEqual([]);
    expect(r.slips).toHaveLength(1);
    expect(r.slips[0]!.receipt).toMatchObject({ register: 'POS-04', at: '2026-11-21T18:40:00+08:00', total: 10, source: { file: 'm1.csv', line: 2, endLine: 3 } });
    expect(r.slips[0]!.receipt.lines.map((l) => l.sku)).toEqual(['A1', 'A2']);
  });

  it('counts lines from the start of a row whose note spans two lines', () => {
    const f = file('m2.csv', 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note\n2026-11-21 18:40,POS-04,S-1,A1,1,3,cash,王芳,"收银机断电\n手写"\n2026-11-21 18:41,POS-04,S-2,A1,x,3,cash,王芳,\n');
    const r = readManual(src(f, 'm2.csv'), cx);
    expect(r.problems).toEqual([{ file: 'm2.csv', line: 4, code: 'bad_number', params: { column: 'qty', value: 'x' } }]);
    expect(r.slips[0]!.receipt.source.line).toBe(2);
  });

  it('a quote never closed is reported at its own row, and a later quoted note does not pull the rows between into it', () => {
    const f = file('m4.csv', [
      'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note',
      '2026-11-21 18:40,POS-04,"S-1,A1,1,3,cash,王芳,',
      '2026-11-21 18:41,POS-04,S-2,A1,1,3,cash,王芳,',
      '2026-11-21 18:42,POS-04,S-3,A1,1,3,cash,王芳,"已付"',
      '2026-11-21 18:43,POS-04,S-4,A1,1,3,cash,王芳,"',
      '2026-11-21 18:44,POS-04,S-5,A1,1,3,cash,王芳,',
    ].join('\n') + '\n');
    const r = readManual(src(f, 'm4.csv'), cx);
    expect(r.problems.map((p) => [p.line, p.code])).toEqual([[2, 'csv_unreadable'], [5, 'csv_unclosed_quote']]);
    expect(r.slips.map((s) => [s.slipNo, s.receipt.source.line])).toEqual([['S-2', 3], ['S-3', 4], ['S-5', 6]]);
  });

  it('a row with a missing column is reported and skipped', () => {
    const f = file('m3.csv', 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note\n2026-11-21 18:40,POS-04,S-1,A1,1\n');
    expect(readManual(src(f, 'm3.csv'), cx).problems).toEqual([{ file: 'm3.csv', line: 2, code: 'csv_row', params: { expected: 9, got: 5 } }]);
  });
});

describe('journal lines', () => {
  it('names the first thing wrong as key and problem', () => {
    const ok = { register: 'POS-01', receipt_no: '000001', at: '2026-11-21T18:00:00+08:00', kind: 'sale', lines: [{ sku: 'A1', qty: 1, unit_price: 2 }], total: 2 };
    expect(checkJournalLine(ok).ok).toBe(true);
    // As the report shows it, in English and in Chinese: the key, what was wanted, what was found.
    const said = (d: unknown) => {
      const c = checkJournalLine(d);
      if (c.ok) return ['ok'];
      const p = { file: 'j.jsonl', line: 1, code: c.code, params: c.params };
      return [c.code, problemText('en', p), problemText('zh', p)];
    };
    expect(said({ ...ok, kind: 'refund' })).toEqual(['journal_invalid', 'j.jsonl:1: kind: expected "sale", "return" or "void", got "refund"', 'j.jsonl:1：kind：应为 "sale"、"return" 或 "void"，实际为 "refund"']);
    expect(said({ ...ok, lines: [{ sku: 'A1', qty: -2, unit_price: 2 }] })).toEqual(['journal_invalid', 'j.jsonl:1: lines[0].qty: expected a number greater than 0, got -2', 'j.jsonl:1：lines[0].qty：应为大于 0 的数字，实际为 -2']);
    expect(said({ ...ok, lines: [{ qty: 1, unit_price: 2 }] })).toEqual(['journal_invalid', 'j.jsonl:1: lines[0]: needs a sku or a barcode', 'j.jsonl:1：lines[0]：需要 "sku" 或 "barcode"']);
    expect(said({ ...ok, total: undefined })).toEqual(['journal_invalid', 'j.jsonl:1: total: missing (a number is required)', 'j.jsonl:1：total：缺失（需要数字）']);
    expect(said([1, 2])).toEqual(['journal_invalid', 'j.jsonl:1: (line): expected a JSON object, got a list', 'j.jsonl:1：（整行）：应为 JSON 对象，实际为 一个列表']);
    expect(said({ ...ok, total: null })).toEqual(['journal_invalid', 'j.jsonl:1: total: expected a number, got an empty value', 'j.jsonl:1：total：应为数字，实际为 空值']);
  });

  it('checks what the numbers mean: a total its lines add up to (within the jiao), the sign the kind allows, payments that add up', () => {
    const ok = { register: 'POS-01', receipt_no: '000001', at: '2026-11-21T18:00:00+08:00', kind: 'sale', lines: [{ sku: 'A1', qty: 3, unit_price: 3.33 }], total: 9.9 };
    const code = (d: object) => { const c = checkJournalLine(d); return c.ok ? 'ok' : c.code; };
    expect(code(ok)).toBe('ok');
    expect(code({ ...ok, total: 9.79 })).toBe('total_mismatch');
    expect(code({ ...ok, kind: 'return', total: -9.99 })).toBe('ok');
    expect(code({ ...ok, kind: 'return', total: 9.99 })).toBe('total_mismatch');
    expect(code({ ...ok, kind: 'void', total: 0.05 })).toBe('void_total');
    expect(code({ ...ok, kind: 'void', total: 0 })).toBe('ok');
    expect(code({ ...ok, payments: [{ method: 'cash', amount: 9.9 }] })).toBe('ok');
    expect(code({ ...ok, payments: [] })).toBe('payments_mismatch');
    expect(code({ ...ok, kind: 'return', total: -9.99, payments: [{ method: 'cash', amount: 9.99 }] })).toBe('payment_sign');
    expect(code({ ...ok, lines: [{ sku: '+SUM(1)', qty: 3, unit_price: 3.33 }] })).toBe('formula_id');
  });

  it('skips blank lines but keeps counting them, so file:line points at the right line', () => {
    const f = file('j.jsonl', `\n${JSON.stringify({ register: 'POS-01', receipt_no: 7, at: '2026-11-21 18:00', kind: 'void', lines: [{ barcode: '6901', qty: 1, unit_price: 2 }], total: 0 })}\nnot json\n`);
    const r = readJournal(src(f, 'j.jsonl'), cx);
    expect(r.receipts).toHaveLength(1);
    expect(r.receipts[0]).toMatchObject({ receipt_no: '7', at: '2026-11-21T18:00:00+08:00', source: { file: 'j.jsonl', line: 2 } });
    expect(r.receipts[0]!.lines[0]!.sku).toBe('A1');
    expect(r.problems).toEqual([{ file: 'j.jsonl', line: 3, code: 'journal_not_json', params: { start: 'not json' } }]);
  });
});

describe('count files', () => {
  it('keeps the time each row was counted, and lists codes the catalogue lacks with their line', () => {
    const f = file('c.csv', 'sku_or_barcode,counted_qty,counted_at\nA1,3,2026-11-21 20:00\nZZ,4,2026-11-21 20:05\n');
    const r = readCount(f, 'c.csv', TZ, known, { now: cx.now });
    expect(r.counted.get('A1')).toMatchObject({ counted: 3, lines: [2], countedAtMs: Date.parse('2026-11-21T20:00:00+08:00') });
    expect(r.unknown).toEqual([{ code: 'ZZ', line: 3, counted: 4 }]);
  });
});
