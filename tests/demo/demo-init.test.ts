// demo init (small) end to end: the database is sound and realistic, the same seed gives the
// same store, stock matches movements except where faults were planted, and the register
// journals hold the receipts the database lost.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';

interface Summary {
  receipts: { in_database: number; journal_only: number; paper_slips: number; manual_rows: number };
  last_database_write: string;
  planted: {
    stock_discrepancies: Array<{ sku: string; expected: number; recorded: number; story: string }>;
    receipt_conflict: { register: string; receipt_no: string; journal_qty: number; database_qty: number };
    journal: { duplicate: { file: string; receipt_no: string; lines: [number, number] }; truncated: { file: string; line: number } };
    physical_count: { file: string; shrinkage: Array<{ sku: string; units: number }>; unknown_codes: string[] };
  };
}

const tmp = tempDir();
let summary: Summary;
let db: Database.Database;
const store = (...p: string[]) => path.join(tmp.dir, 'a', ...p);

async function build(dir: string, seed = '7'): Promise<Summary> {
  const r = await runCli(['--json', 'demo', 'init', dir, '--seed', seed, '--now', DEMO_NOW], { cwd: tmp.dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Summary;
}

function tableDigest(file: string): Record<string, string> {
  const d = new Database(file, { readonly: true });
  const tables = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const h = createHash('sha256');
    for (const row of d.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate()) h.update(JSON.stringify(row));
    out[t] = h.digest('hex');
  }
  d.close();
  return out;
}

beforeAll(async () => {
  summary = await build('a');
  db = new Database(store('store.db'), { readonly: true });
});
afterAll(() => {
  db?.close();
  tmp.cleanup();
});

describe('demo init --size small', () => {
  it('builds a sound WAL-mode database with the reference schema version', () => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('holds about 2 k products and a week of trading', () => {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) n FROM products')).toBe(2000);
    expect(count('SELECT count(*) n FROM sales')).toBeGreaterThan(3000);
    expect(count('SELECT count(*) n FROM sales')).toBeLessThan(6000);
    expect(count('SELECT count(*) n FROM sale_lines') / count('SELECT count(*) n FROM sales')).toBeGreaterThan(2);
    expect(count("SELECT count(DISTINCT substr(at, 1, 10)) n FROM sales")).toBe(7);
    expect(count("SELECT count(*) n FROM sales WHERE kind = 'return'")).toBeGreaterThan(10);
    expect(count('SELECT count(*) n FROM purchase_receipts')).toBeGreaterThan(5);
    expect(count('SELECT count(*) n FROM stocktakes')).toBe(2);
    const kinds = (db.prepare('SELECT DISTINCT kind FROM stock_movements ORDER BY kind').all() as Array<{ kind: string }>).map((k) => k.kind);
    expect(kinds).toEqual(expect.arrayContaining(['adjustment', 'receipt', 'return', 'sale', 'waste']));
    expect(summary.receipts.in_database).toBe(count('SELECT count(*) n FROM sales'));
  });

  it('has valid EAN-13 barcodes', () => {
    const codes = (db.prepare('SELECT barcode FROM products').all() as Array<{ barcode: string }>).map((r) => r.barcode);
    for (const code of codes.slice(0, 200)) {
      const digits = [...code].map(Number);
      const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
      expect((10 - (sum % 10)) % 10).toBe(digits[12]);
    }
  });

  it('keeps stock equal to the sum of movements, except exactly where faults were planted', () => {
    const rows = db
      .prepare(`SELECT s.sku, s.on_hand, round(coalesce(sum(m.qty_delta), 0), 3) AS expected
                FROM stock s LEFT JOIN stock_movements m ON m.sku = s.sku GROUP BY s.sku`)
      .all() as Array<{ sku: string; on_hand: number; expected: number }>;
    expect(rows).toHaveLength(2000);
    const off = rows.filter((r) => Math.abs(r.on_hand - r.expected) > 1e-6);
    const planted = summary.planted.stock_discrepancies;
    expect(planted.length).toBeGreaterThanOrEqual(4);
    expect(off.map((r) => r.sku).sort()).toEqual(planted.map((p) => p.sku).sort());
    for (const p of planted) {
      const row = off.find((r) => r.sku === p.sku)!;
      expect(row.on_hand).toBeCloseTo(p.recorded, 6);
      expect(row.expected).toBeCloseTo(p.expected, 6);
    }
  });

  it('writes register journals that hold receipts the database lacks', () => {
    const files = readdirSync(store('journals')).sort();
    expect(files).toEqual(['register-01.jsonl', 'register-02.jsonl', 'register-03.jsonl', 'register-04.jsonl']);
    const inDb = db.prepare('SELECT 1 FROM sales WHERE register = ? AND receipt_no = ?');
    const missing = new Set<string>();
    let parsed = 0;
    let broken = 0;
    for (const f of files) {
      for (const line of readFileSync(store('journals', f), 'utf8').split('\n').filter(Boolean)) {
        let r: { register: string; receipt_no: string; at: string; lines: unknown[]; total: number };
        try {
          r = JSON.parse(line);
        } catch {
          broken++;
          continue;
        }
        parsed++;
        expect(r.lines.length).toBeGreaterThan(0);
        if (!inDb.get(r.register, r.receipt_no)) {
          missing.add(`${r.register}/${r.receipt_no}`);
          expect(r.at > summary.last_database_write).toBe(true);
        }
      }
    }
    expect(broken).toBe(1);
    expect(missing.size).toBe(summary.receipts.journal_only);
    expect(missing.size).toBeGreaterThan(20);
    expect(parsed).toBe(summary.receipts.in_database + summary.receipts.journal_only + 1);
  });

  it('plants a receipt whose database copy differs from its journal line', () => {
    const c = summary.planted.receipt_conflict;
    const row = db
      .prepare('SELECT l.qty FROM sales s JOIN sale_lines l ON l.sale_id = s.id AND l.line_no = 1 WHERE s.register = ? AND s.receipt_no = ?')
      .get(c.register, c.receipt_no) as { qty: number };
    expect(row.qty).toBe(c.database_qty);
    expect(c.database_qty).not.toBe(c.journal_qty);
  });

  it('writes the manual-records template and the slips of the dead register', () => {
    const template = readFileSync(store('manual', 'TEMPLATE.csv'), 'utf8');
    expect(template).toBe('\uFEFFat,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note\r\n');
    const outage = readdirSync(store('manual')).find((f) => f.startsWith('outage-'))!;
    const rows = readFileSync(store('manual', outage), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows.length - 1).toBe(summary.receipts.manual_rows);
    expect(rows.length - 1).toBeGreaterThan(3);
    expect(rows[1]).toMatch(/^2026-11-21 \d\d:\d\d,POS-04,S-001,\d{8,13},/);
  });

  it('writes logs in UTF-8, GB18030 and syslog form, with the incidents among ordinary lines', () => {
    const app = readFileSync(store('logs', 'pos-server.log'), 'utf8');
    expect(app).toContain('database is locked');
    expect(app).toContain('database disk image is malformed');
    expect(app.split('\n').filter((l) => l.includes(' INFO ')).length).toBeGreaterThan(500);
    const rotated = gunzipSync(readFileSync(store('logs', 'pos-server.log.1.gz'))).toString('utf8');
    expect(rotated).toMatch(/payment\] gateway request failed: .* ETIMEDOUT/);
    const raw = readFileSync(store('logs', 'inventory.log'));
    expect(raw.toString('utf8')).not.toContain('登录失败');
    const gb = new TextDecoder('gb18030').decode(raw);
    expect(gb).toContain('登录失败');
    expect(gb).toContain('数据库被锁定');
    const sys = readFileSync(store('logs', 'syslog'), 'utf8');
    expect(sys).toMatch(/^Nov 21 \d\d:\d\d:\d\d pos-server /m);
    expect(sys).toContain('I/O error, dev sda');
    expect(sys).toContain('Power failure.');
    expect(sys.match(/Failed password for invalid user admin/g)!.length).toBeGreaterThanOrEqual(10);
  });

  it('writes a physical count with shrinkage and a code the catalogue lacks', () => {
    const lines = readFileSync(store(summary.planted.physical_count.file), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sku_or_barcode,counted_qty,location,counted_at');
    const codes = lines.slice(1).map((l) => l.split(',')[0]);
    for (const unknown of summary.planted.physical_count.unknown_codes) {
      expect(codes).toContain(unknown);
      expect(db.prepare('SELECT 1 FROM products WHERE barcode = ? OR sku = ?').get(unknown, unknown)).toBeUndefined();
    }
  });

  it('writes an age key pair and a config that validates', async () => {
    expect(statSync(store('keys', 'identity.txt')).mode & 0o777).toBe(0o600);
    const r = await runCli(['--json', '--config', store('store-ops.yaml'), 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const cfg = (JSON.parse(r.stdout) as { config: { backup: { recipients: string[] }; logs: Array<{ encoding: string }> } }).config;
    expect(cfg.backup.recipients).toEqual([readFileSync(store('keys', 'recipient.txt'), 'utf8').trim()]);
    expect(cfg.logs.map((l) => l.encoding)).toContain('gb18030');
  });

  it('makes a signing key pair (0600 / 0644) that the config names and trusts by default', async () => {
    expect(statSync(store('keys', 'signing.key')).mode & 0o777).toBe(0o600);
    expect(statSync(store('keys', 'signing.key.pub')).mode & 0o777).toBe(0o644);
    const r = await runCli(['--json', '--config', store('store-ops.yaml'), 'config', 'check'], { cwd: tmp.dir });
    const out = JSON.parse(r.stdout) as { config: { backup: { signing_key: string; trusted_signers: string[] } }; trusted_signers: Array<{ public_key: string }> };
    expect(out.config.backup.signing_key).toBe(store('keys', 'signing.key'));
    expect(out.config.backup.trusted_signers).toEqual([]);
    expect(out.trusted_signers.map((s) => s.public_key)).toEqual([readFileSync(store('keys', 'signing.key.pub'), 'utf8').split('\n')[1]]);
  });

  it('gives identical tables for the same seed, and different ones for another seed', async () => {
    await build('b');
    await build('c', '8');
    const a = tableDigest(store('store.db'));
    expect(tableDigest(path.join(tmp.dir, 'b', 'store.db'))).toEqual(a);
    expect(tableDigest(path.join(tmp.dir, 'c', 'store.db')).sales).not.toBe(a.sales);
    expect(readFileSync(path.join(tmp.dir, 'b', 'journals', 'register-02.jsonl'))).toEqual(readFileSync(store('journals', 'register-02.jsonl')));
  });

  it('refuses a folder that is not empty, and leaves it as it was', async () => {
    mkdirSync(path.join(tmp.dir, 'taken'));
    writeFileSync(path.join(tmp.dir, 'taken', 'precious.txt'), 'keep me');
    const r = await runCli(['demo', 'init', 'taken'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('taken exists and is not empty');
    expect(readdirSync(path.join(tmp.dir, 'taken'))).toEqual(['precious.txt']);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });
});
