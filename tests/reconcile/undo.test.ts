// reconcile undo: an --apply reversed from its change record leaves every table as it was, keeps
// what the store did since (a later sale and its stock change), covers rows the store's own
// triggers wrote, and has nothing to undo when the apply was killed before its COMMIT. Writes a
// change record cannot follow fall back to the safety copy.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { digest, exec, json, quarantines, query, shopPerFile, type Shop } from './store-fixture.js';

const tmp = tempDir();
const { fresh } = shopPerFile(tmp.dir);
afterAll(tmp.cleanup);
const record = (s: Shop, id: string) => JSON.parse(readFileSync(path.join(s.stateDir, 'quarantine', id, 'quarantine.json'), 'utf8'));

/** A sale the store system makes after the apply, with ids above anything either database has, so both sides get the same rows. */
function laterSale(sku: string): string {
  return `INSERT INTO sales (id, register, receipt_no, at, cashier, kind, total, source) VALUES (9000001, 'POS-09', '990001', '2026-11-21T21:30:00+08:00', 'c09', 'sale', 7, 'register');
    INSERT INTO sale_lines (sale_id, line_no, sku, qty, unit_price) VALUES (9000001, 1, '${sku}', 2, 3.5);
    INSERT INTO stock_movements (id, sku, qty_delta, kind, ref, at, note) VALUES (9000001, '${sku}', -2, 'sale', 'POS-09/990001', '2026-11-21T21:30:00+08:00', NULL);
    UPDATE stock SET on_hand = round(on_hand - 2, 3), updated_at = '2026-11-21T21:30:00+08:00' WHERE sku = '${sku}';`;
}

describe('reconcile undo after reconcile sales --apply', () => {
  it('removes what the apply entered and puts stock back: every table equal to before; the text says how to undo, with the --config given', async () => {
    const s = fresh();
    const before = digest(s.db);
    const applied = await s.cli(['reconcile', 'sales', '--apply']);
    expect(applied.code).toBe(0);
    const [id] = quarantines(s);
    expect(applied.stdout).toContain(`To undo: store-ops --config ${path.join(s.dir, 'store-ops.yaml')} reconcile undo ${id}`);
    expect(applied.stdout).toMatch(/Rows changed: .*sales \d+ inserted, 0 updated, 0 deleted.*stock 0 inserted, \d+ updated, 0 deleted/);
    expect(digest(s.db)).not.toBe(before);

    const r = json(await s.cli(['--json', 'reconcile', 'undo']));
    expect(r).toMatchObject({ ok: true, id, outcome: 'undone', command: 'reconcile sales', database: s.db, left: [] });
    expect(r.tables).toContainEqual({ table: 'sales', removed: s.planted.journal.journal_only_receipts, reversed: 0, reinserted: 0 });
    expect(digest(s.db)).toBe(before);
    expect(record(s, id!)).toMatchObject({ state: 'undone', changes: { undone_at: expect.any(String) } });
    expect(existsSync(path.join(s.stateDir, 'quarantine', id!, 'changes.db'))).toBe(true);
    const audit = readAudit(s.stateDir).find((a) => a.command === 'reconcile undo')!;
    expect(audit).toMatchObject({ outcome: 'ok', details: { id, outcome: 'undone' } });

    const again = await s.cli(['reconcile', 'undo']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`^store-ops: reconcile --apply ${id} was already undone at .+; nothing was changed\\n$`));
    const named = await s.cli(['--lang', 'zh', 'reconcile', 'undo', id!]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(`对账写入 ${id} 已于`);
    expect(digest(s.db)).toBe(before);
  });

  it('keeps a sale the store made after the apply: its rows stay and on hand is before + that sale\'s delta', async () => {
    const s = fresh();
    const expected = path.join(s.dir, 'expected.db');
    copyFileSync(s.db, expected);
    const r0 = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const { sku } = query<{ sku: string }>(s.db, "SELECT sku FROM stock_movements WHERE note LIKE 'reconcile %' ORDER BY id LIMIT 1")[0]!;
    const onHand = (file: string) => query<{ on_hand: number }>(file, 'SELECT on_hand FROM stock WHERE sku = ?', sku)[0]!.on_hand;
    const was = onHand(expected);
    exec(s.db, laterSale(sku));
    exec(expected, laterSale(sku));

    const r = json(await s.cli(['--json', 'reconcile', 'undo', path.basename(r0.apply.quarantine)]));
    expect(r.outcome).toBe('undone');
    // The apply's updated_at on that SKU was overwritten by the later sale: left as the store has it, and said so.
    expect(r.left).toEqual([{ table: 'stock', rowid: expect.any(String), reason: 'changed', column: 'updated_at' }]);
    expect(onHand(s.db)).toBe(Math.round((was - 2) * 1000) / 1000);
    expect(query(s.db, 'SELECT * FROM sale_lines WHERE sale_id = 9000001')).toHaveLength(1);
    expect(digest(s.db)).toBe(digest(expected));
  });

  it('keeps a receipt the apply entered when a return the store made since refers to it, and says so', async () => {
    const s = fresh();
    const r0 = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const { id } = query<{ id: number }>(s.db, "SELECT id FROM sales WHERE source LIKE 'reconcile:%' ORDER BY id LIMIT 1")[0]!;
    exec(s.db, `INSERT INTO sales (id, register, receipt_no, at, cashier, kind, total) VALUES (9000002, 'POS-09', '990002', '2026-11-21T21:40:00+08:00', 'c09', 'return', -3.5);
      INSERT INTO returns (sale_id, original_sale_id, reason) VALUES (9000002, ${id}, 'customer brought it back');`);
    const r = json(await s.cli(['--json', 'reconcile', 'undo']));
    expect(r.left).toEqual([{ table: 'sales', rowid: String(id), reason: 'referred' }]);
    expect(r.tables).toContainEqual({ table: 'sales', removed: r0.apply.receipts - 1, reversed: 0, reinserted: 0 });
    expect(query(s.db, 'SELECT id FROM sales WHERE id IN (?, 9000002) ORDER BY id', id)).toEqual([{ id }, { id: 9000002 }]);
  });

  it('an undo killed after its COMMIT but before it marked the record is not taken back twice', async () => {
    const s = fresh();
    const before = digest(s.db);
    json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const [id] = quarantines(s);
    json(await s.cli(['--json', 'reconcile', 'undo']));
    // The record as such a kill leaves it: still `swapped`, the rows already out.
    const file = path.join(s.stateDir, 'quarantine', id!, 'quarantine.json');
    writeFileSync(file, JSON.stringify({ ...record(s, id!), state: 'swapped' }));
    const r = await s.cli(['reconcile', 'undo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`store-ops: none of the rows reconcile --apply ${id} entered are in store.db any more (undone already, or the database was restored since); nothing was changed\n`);
    expect(digest(s.db)).toBe(before);
  });

  it('reverses the rows a store trigger on sales wrote into another table', async () => {
    const s = fresh();
    exec(s.db, `CREATE TABLE sale_audit (id INTEGER PRIMARY KEY, sale_id INTEGER NOT NULL, what TEXT NOT NULL);
      CREATE TRIGGER sales_audited AFTER INSERT ON sales BEGIN INSERT INTO sale_audit (sale_id, what) VALUES (new.id, 'entered ' || new.register); END;`);
    const before = digest(s.db);
    const r0 = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const entered = s.planted.journal.journal_only_receipts;
    expect(r0.apply.changes.tables).toContainEqual({ table: 'sale_audit', inserted: entered, updated: 0, deleted: 0 });
    expect(query<{ n: number }>(s.db, 'SELECT count(*) AS n FROM sale_audit')[0]!.n).toBe(entered);
    const r = json(await s.cli(['--json', 'reconcile', 'undo']));
    expect(r.tables).toContainEqual({ table: 'sale_audit', removed: entered, reversed: 0, reinserted: 0 });
    expect(digest(s.db)).toBe(before);
  });

  it('reverses reconcile stock --apply too, in Chinese on request', async () => {
    const s = fresh();
    const before = digest(s.db);
    expect((await s.cli(['reconcile', 'stock', '--count', s.planted.physical_count.file, '--apply'])).code).toBe(0);
    const r = await s.cli(['--lang', 'zh', 'reconcile', 'undo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^已在一个事务中撤销 .* 中的 reconcile stock（.+）：\n/);
    expect(r.stdout).toContain('这次写入的全部内容均已撤销。');
    expect(digest(s.db)).toBe(before);
  });

  it('restore --undo does not take a reconcile change record for a restore', async () => {
    const s = fresh();
    json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    const after = digest(s.db);
    const r = await s.cli(['--yes', 'restore', '--undo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^store-ops: there is no restore to undo in /);
    expect(digest(s.db)).toBe(after);
  });

  it('an unknown id is a usage error naming the quarantine folder', async () => {
    const s = fresh();
    const r = await s.cli(['reconcile', 'undo', '20990101T000000Z-reconcile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`store-ops: there is no reconcile --apply named 20990101T000000Z-reconcile in ${path.join(s.stateDir, 'quarantine')}\n→ the ids are the folder names in ${path.join(s.stateDir, 'quarantine')}; without an id, reconcile undo takes the newest apply not yet undone\n`);
  });
});

describe('an --apply killed after its record was written, before its COMMIT', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  it('leaves the database unchanged and nothing to undo', async () => {
    const s = fresh();
    // In rollback-journal mode COMMIT needs every reader gone: a reader holding its transaction open keeps the apply waiting right at its COMMIT.
    exec(s.db, 'PRAGMA journal_mode = DELETE');
    const before = digest(s.db);
    const reader = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(s.db)});
      db.exec('BEGIN'); db.prepare('SELECT count(*) FROM sales').get();
      process.stdout.write('reading\\n'); setInterval(() => {}, 1000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(reader);
    await new Promise<void>((resolve) => reader.stdout!.once('data', () => resolve()));

    const apply = spawn(process.execPath, [BIN, '--config', path.join(s.dir, 'store-ops.yaml'), 'reconcile', 'sales', '--apply'], { cwd: s.dir, stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: s.dir, LANG: 'C.UTF-8' } });
    children.push(apply);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => apply.once('exit', (_code, signal) => resolve(signal)));
    let id: string | undefined;
    for (let i = 0; i < 1500 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      id = quarantines(s).find((q) => existsSync(path.join(s.stateDir, 'quarantine', q, 'quarantine.json')));
    }
    expect(id).toBeDefined();
    apply.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    reader.kill('SIGKILL');
    expect(record(s, id!)).toMatchObject({ state: 'prepared', changes: { file: 'changes.db' } });

    const r = await s.cli(['reconcile', 'undo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Nothing to undo: reconcile sales (${id}) was stopped before its transaction committed, so it never changed ${s.db}.\n`);
    expect(record(s, id!).state).toBe('rolled_back');
    expect(digest(s.db)).toBe(before);
    const again = await s.cli(['reconcile', 'undo']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('there is no reconcile --apply to undo');
  });
});

describe('writes a change record cannot follow', () => {
  it('a WITHOUT ROWID stock table: the apply makes the safety copy instead, says why, and reconcile undo declines it', async () => {
    const s = fresh();
    exec(s.db, `CREATE TABLE stock_new (sku TEXT PRIMARY KEY, on_hand REAL NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO stock_new SELECT sku, on_hand, updated_at FROM stock; DROP TABLE stock; ALTER TABLE stock_new RENAME TO stock;`);
    const before = digest(s.db);
    const r = await s.cli(['reconcile', 'sales', '--apply']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('A safety copy of the whole database was made instead of a change record (the table stock is WITHOUT ROWID); reconcile undo cannot reverse this apply.');
    expect(r.stdout).not.toContain('To undo:');
    const [id] = quarantines(s);
    expect(digest(path.join(s.stateDir, 'quarantine', id!, 'databases', 'store.db'))).toBe(before);
    expect(readdirSync(path.join(s.stateDir, 'quarantine', id!)).sort()).toEqual(['databases', 'quarantine.json']);

    const undo = await s.cli(['reconcile', 'undo']);
    expect(undo.code).toBe(2);
    expect(undo.stderr).toContain('there is no reconcile --apply to undo');
    const named = await s.cli(['reconcile', 'undo', id!]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(`reconcile --apply ${id} kept a safety copy`);
  });
});
