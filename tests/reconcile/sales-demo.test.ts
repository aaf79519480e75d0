// reconcile sales on the demo store: it must find exactly what `demo init` planted (the answer
// key), show it without writing anything, and with --apply enter each missing receipt once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { tempDir } from '../helpers/cli.js';
import { copyShop, digest, json, makeShop, quarantines, query, type Shop } from './store-fixture.js';

const tmp = tempDir();
let shop: Shop;
beforeAll(async () => {
  shop = await makeShop(tmp.dir);
});
afterAll(tmp.cleanup);

describe('reconcile sales finds what the demo planted', () => {
  it('the journal-only receipts are missing, the resent line is a duplicate, the edited receipt a conflict, the cut-short line a problem', async () => {
    const before = digest(shop.db);
    const r = json(await shop.cli(['--json', 'reconcile', 'sales']));
    const p = shop.planted;
    expect(r.total.receipts.missing.count).toBe(p.journal.journal_only_receipts);
    expect(r.to_enter.count).toBe(p.journal.journal_only_receipts);
    expect(r.total.receipts.conflict.count).toBe(1);
    expect(r.total.receipts.source_conflict.count + r.total.receipts.unknown_code.count + r.total.receipts.database_only.count).toBe(0);
    // The small demo's journals reach back to its first day: every receipt in the database is journaled.
    expect(r.total.receipts.in_database.count).toBe(shop.receipts.in_database - 1);

    const conflict = r.receipts.find((x: any) => x.status === 'conflict');
    expect(conflict).toMatchObject({ register: p.receipt_conflict.register, receipt_no: p.receipt_conflict.receipt_no });
    expect(conflict.differences).toContainEqual({ field: 'qty', sku: p.receipt_conflict.sku, source: p.receipt_conflict.journal_qty, database: p.receipt_conflict.database_qty });

    const dup = p.journal.duplicate;
    const duplicated = r.receipts.filter((x: any) => x.duplicates.length > 0);
    expect(duplicated).toHaveLength(1);
    expect(duplicated[0]).toMatchObject({ id: `${dup.register}/${dup.receipt_no}`, status: 'missing', source: `journals/${dup.file}:${dup.lines[0]}`, duplicates: [`journals/${dup.file}:${dup.lines[1]}`] });
    expect(r.total.duplicates.count).toBe(1);

    expect(r.problems).toEqual([expect.objectContaining({ file: `journals/${p.journal.truncated.file}`, line: p.journal.truncated.line, code: 'journal_not_json' })]);
    expect(digest(shop.db)).toBe(before);
  });

  it('counts the in-database receipts per register and in total, in receipts and money', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'sales']));
    const inDb = query<{ register: string; n: number; amount: number }>(shop.db, 'SELECT register, count(*) AS n, round(sum(total), 2) AS amount FROM sales GROUP BY register');
    for (const reg of r.registers) {
      const db = inDb.find((x) => x.register === reg.register)!;
      // The conflict receipt is in the database but counted as a conflict, with the journal's total.
      const conflict = reg.receipts.conflict.count;
      expect(reg.receipts.in_database.count + conflict).toBe(db.n);
    }
    expect(r.registers.map((x: any) => x.register)).toEqual(['POS-01', 'POS-02', 'POS-03', 'POS-04']);
    const sum = r.registers.reduce((s: number, x: any) => s + x.receipts.missing.amount, 0);
    expect(Math.round(sum * 100) / 100).toBe(r.total.receipts.missing.amount);
  });

  it('lists every paper slip for a person to confirm, matches none, and never enters one on its own', async () => {
    const r = json(await shop.cli(['--json', 'reconcile', 'sales']));
    expect(r.slips).toHaveLength(shop.receipts.paper_slips);
    expect(new Set(r.slips.map((s: any) => s.status))).toEqual(new Set(['unconfirmed']));
    expect(r.slips.reduce((n: number, s: any) => n + s.lines, 0)).toBe(shop.receipts.manual_rows);
    for (const s of r.slips) expect(s.id).toMatch(/^M-[0-9a-f]{8}$/);
    expect(r.to_enter.count).toBe(shop.planted.journal.journal_only_receipts);
  });

  it('without --apply writes nothing: no database change, no safety copy; its audit row records a look with nothing entered', async () => {
    const before = digest(shop.db);
    const r = await shop.cli(['reconcile', 'sales']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Nothing was written\. \d+ receipt\(s\) to enter/);
    expect(digest(shop.db)).toBe(before);
    expect(quarantines(shop)).toEqual([]);
    const rows = readAudit(shop.stateDir).filter((a) => a.command.startsWith('reconcile'));
    expect(rows[0]).toMatchObject({ command: 'reconcile sales', outcome: 'ok', details: {} });
    expect(rows.filter((a) => a.args.includes('--apply') || 'entered' in a.details)).toEqual([]);
  });
});

describe('reconcile sales --apply', () => {
  let s: Shop;
  beforeAll(() => {
    s = copyShop(shop, path.join(tmp.dir, 'apply'));
  });

  it('enters each missing receipt once, tagged with its journal file:line, with its stock movements, keeping a change record instead of a copy', async () => {
    const counts = query<{ n: number }>(s.db, 'SELECT count(*) AS n FROM sales')[0]!.n;
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const n = s.planted.journal.journal_only_receipts;
    expect(r.apply).toMatchObject({ receipts: n, from_journals: n, from_paper: 0, skipped: [] });
    expect(query<{ n: number }>(s.db, 'SELECT count(*) AS n FROM sales')[0]!.n).toBe(counts + n);

    expect(existsSync(path.join(r.apply.quarantine, 'databases'))).toBe(false);
    expect(existsSync(path.join(r.apply.quarantine, 'changes.db'))).toBe(true);
    const sales = { table: 'sales', inserted: n, updated: 0, deleted: 0 };
    expect(r.apply.changes).toMatchObject({ kind: 'change_record', fallback: null });
    expect(r.apply.changes.tables).toContainEqual(sales);
    expect(JSON.parse(readFileSync(path.join(r.apply.quarantine, 'quarantine.json'), 'utf8'))).toMatchObject({ reason: 'reconcile', state: 'swapped', items: [], changes: { file: 'changes.db', database: s.db } });

    const dup = s.planted.journal.duplicate;
    const entered = query<{ id: number; source: string }>(s.db, 'SELECT id, source FROM sales WHERE register = ? AND receipt_no = ?', dup.register, dup.receipt_no);
    expect(entered).toEqual([{ id: expect.any(Number), source: `reconcile:journals/${dup.file}:${dup.lines[0]}` }]);
    const lines = query<{ sku: string; qty: number }>(s.db, 'SELECT sku, qty FROM sale_lines WHERE sale_id = ? ORDER BY line_no', entered[0]!.id);
    const moves = query<{ sku: string; qty_delta: number; kind: string; note: string }>(s.db, 'SELECT sku, qty_delta, kind, note FROM stock_movements WHERE ref = ? ORDER BY id', `${dup.register}/${dup.receipt_no}`);
    expect(moves).toEqual(lines.map((l) => ({ sku: l.sku, qty_delta: -l.qty, kind: 'sale', note: `reconcile journals/${dup.file}:${dup.lines[0]}` })));
  });

  it('a second --apply enters nothing and keeps no new record', async () => {
    const after = digest(s.db);
    const copies = quarantines(s);
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(r.apply).toMatchObject({ receipts: 0, quarantine: null });
    expect(r.total.receipts.missing.count).toBe(0);
    expect(digest(s.db)).toBe(after);
    expect(quarantines(s)).toEqual(copies);
  });

  it('records an audit row for each --apply, with the change record and what was entered', () => {
    const rows = readAudit(s.stateDir).filter((a) => a.command === 'reconcile sales' && a.args.includes('--apply'));
    expect(rows).toHaveLength(2);
    const first = rows[rows.length - 1]!;
    expect(first.outcome).toBe('ok');
    expect(String(first.details.quarantine)).toContain(path.join('.store-ops', 'quarantine'));
    expect(first.details.entered).toMatchObject({ receipts: s.planted.journal.journal_only_receipts });
    expect(rows[0]!.details.entered).toMatchObject({ receipts: 0 });
  });

  it('--confirm enters the paper slips a person checked, with their file:lines, and leaves the others waiting', async () => {
    const plan = json(await s.cli(['--json', 'reconcile', 'sales']));
    const [a, b] = plan.slips as Array<{ id: string; register: string; source: string; total: number }>;
    const r = json(await s.cli(['--json', 'reconcile', 'sales', '--apply', '--confirm', a!.id, b!.id]));
    expect(r.apply).toMatchObject({ receipts: 2, from_paper: 2 });
    const rows = query<{ register: string; receipt_no: string; total: number; source: string }>(s.db, "SELECT register, receipt_no, total, source FROM sales WHERE receipt_no LIKE 'M-%' ORDER BY at");
    expect(rows).toEqual([a, b].map((x) => ({ register: x!.register, receipt_no: x!.id, total: x!.total, source: `reconcile:${x!.source}` })));
    const again = json(await s.cli(['--json', 'reconcile', 'sales', '--apply', '--confirm', a!.id]));
    expect(again.apply.receipts).toBe(0);
    expect(again.slips.filter((x: any) => x.status === 'in_database').map((x: any) => x.id)).toEqual([a!.id, b!.id]);
    expect(again.slips.filter((x: any) => x.status === 'unconfirmed')).toHaveLength(plan.slips.length - 2);
  });

  it('--confirm with an id no slip has is a usage error that changes nothing', async () => {
    const now = digest(s.db);
    const r = await s.cli(['reconcile', 'sales', '--apply', '--confirm', 'M-00000000']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--confirm M-00000000: no paper slip has this id');
    expect(r.stderr).toMatch(/→ run store-ops --config \S+ reconcile sales/);
    expect(digest(s.db)).toBe(now);
  });
});

describe('reconcile sales for people', () => {
  it('prints the table per register and the lists in Chinese with --lang zh', async () => {
    const r = await shop.cli(['--lang', 'zh', 'reconcile', 'sales']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/收银机\s+已在数据库\s+缺失\s+不一致\s+重复\s+仅在数据库\s+手写小票/);
    expect(r.stdout).toContain('数据库中缺失（');
    expect(r.stdout).toContain(`journals/${shop.planted.journal.truncated.file}:${shop.planted.journal.truncated.line}：不是完整的 JSON 对象`);
    expect(r.stdout).toContain('请核对后使用 --confirm M-');
  });

  it('--out writes every listed receipt, slip and problem as CSV that Excel reads (BOM, CRLF)', async () => {
    const r = await shop.cli(['reconcile', 'sales', '--out', 'list.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The list is in list.csv.');
    const text = readFileSync(path.join(shop.dir, 'list.csv'), 'utf8');
    expect(text.startsWith('\uFEFFtype,id,register,receipt_no,status,at,kind,total,source,detail\r\n')).toBe(true);
    const rows = text.trim().split('\r\n').slice(1);
    const p = shop.planted;
    expect(rows.filter((x) => x.startsWith('receipt,') && x.includes(',missing,'))).toHaveLength(p.journal.journal_only_receipts);
    expect(rows.filter((x) => x.startsWith('paper_slip,'))).toHaveLength(shop.receipts.paper_slips);
    expect(rows.filter((x) => x.startsWith('problem,'))).toHaveLength(1);
  });
});
