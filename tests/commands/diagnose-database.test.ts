// diagnose's database health on a database of realistic size (~25 MB, built here): the header
// and b-tree walk that runs every time must turn random bytes in a table's or an index's pages,
// a truncated file and a header that disagrees with the file into CRITICAL; a sound database is
// OK and names its last full check, whose absence, age or failure diagnose reports.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDatabaseCheck } from '../../src/backup/check-ledger.js';
import { createReferenceSchema } from '../../src/store/schema.js';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
const NOW = '2026-11-21T15:00:00+08:00';
let base: string;

interface Json {
  status: string;
  exit_code: number;
  findings: Array<{ id: string; severity: string; runbook: string | null; message: string }>;
  probes: Array<{ name: string; status: string; value: number | null; message: string; details: string[] }>;
}

beforeAll(() => {
  base = path.join(tmp.dir, 'base.db');
  const db = new Database(base);
  db.pragma('journal_mode = delete');
  db.pragma('foreign_keys = OFF');
  createReferenceSchema(db);
  const sale = db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES (?, ?, ?, 'c01', 'sale', ?)");
  const move = db.prepare("INSERT INTO stock_movements (sku, qty_delta, kind, ref, at) VALUES (?, -1, 'sale', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 60_000; i++) {
      const at = new Date(Date.parse('2026-10-01T00:00:00Z') + i * 60_000).toISOString();
      sale.run(`POS-0${i % 8}`, String(i).padStart(8, '0'), at, (i % 997) / 10);
      for (let k = 0; k < 3; k++) move.run(String(6_900_000_000_000 + ((i * 7 + k) % 20_000)), `S${i}`, at);
    }
  })();
  db.close();
});
afterAll(() => tmp.cleanup());

/** A store around a copy of the base database; `damage` changes the copy's file. */
function store(name: string, damage?: (file: string) => void): { config: string; dir: string } {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  const file = path.join(dir, 'store.db');
  copyFileSync(base, file);
  damage?.(file);
  const config = path.join(dir, 'store-ops.yaml');
  writeFileSync(config, [
    'store: { id: T-1, name: test, timezone: Asia/Shanghai, opening_hours: "07:00-22:00" }',
    'databases: [{ name: main, path: ./store.db }]',
    'probes:\n  load: { warn_per_core: 1000, critical_per_core: 2000 }\n  memory: { warn_available_percent: 0, critical_available_percent: 0 }',
    'state_dir: ./.store-ops',
  ].join('\n'));
  return { config, dir };
}

async function diagnose(config: string): Promise<{ code: number; json: Json }> {
  const r = await runCli(['--config', config, '--json', 'diagnose', '--now', NOW], { cwd: tmp.dir });
  return { code: r.code, json: JSON.parse(r.stdout) as Json };
}

/** The middle leaf page of one b-tree, by SQLite's own page map. */
function middleLeaf(file: string, btree: string): number {
  const db = new Database(file, { readonly: true });
  const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(btree) as number[];
  db.close();
  return pages[Math.floor(pages.length / 2)]!;
}

/** Bytes from a fixed seed, so a failure can be reproduced. */
function randomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) % 2147483648) >>> 16 & 0xff;
  return b;
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

const probe = (j: Json, name: string) => j.probes.find((p) => p.name === name)!;

function expectCorrupt(r: { code: number; json: Json }): void {
  expect(r.code).toBe(2);
  expect(probe(r.json, 'database:main').status).toBe('critical');
  expect(r.json.findings.find((f) => f.id === 'sqlite-corrupt')).toMatchObject({ severity: 'critical', runbook: 'db-corruption' });
}

describe('diagnose: database health on a 25 MB database', () => {
  it('finds the base database large enough to mean something', () => {
    expect(readFileSync(base).length).toBeGreaterThan(20e6);
  });

  it('calls a sound database OK and names its last full check', async () => {
    const s = store('sound');
    recordDatabaseCheck(path.join(s.dir, '.store-ops'), {
      database: 'main', path: path.join(s.dir, 'store.db'), kind: 'integrity_check', ok: true, result: 'ok',
      state_at: '2026-11-21T02:00:00+08:00', checked_at: '2026-11-21T02:03:00+08:00', source: 'backup', backup: 'T-1_20261120T180000Z_ab12', duration_ms: 900,
    });
    const { json } = await diagnose(s.config);
    expect(probe(json, 'database:main').status).toBe('ok');
    expect(probe(json, 'database:main').value).toBeGreaterThan(10);
    expect(probe(json, 'database:main:full-check')).toMatchObject({ status: 'ok', value: 13 });
    expect(probe(json, 'database:main:full-check').message).toBe('main: last full check: ok, 13 h ago (state of 2026-11-21 02:00, store-ops backup run T-1_20261120T180000Z_ab12)');
    expect(json.findings.filter((f) => f.id.startsWith('db-') || f.id.startsWith('sqlite-'))).toEqual([]);
  });

  it('turns random bytes over a leaf page of a table in the middle of the file into CRITICAL', async () => {
    const s = store('table-leaf', (file) => overwrite(file, (middleLeaf(file, 'stock_movements') - 1) * 4096, randomBytes(4096, 7)));
    expectCorrupt(await diagnose(s.config));
  });

  it('turns random bytes over an index page (the table itself intact) into CRITICAL', async () => {
    const s = store('index-leaf', (file) => overwrite(file, (middleLeaf(file, 'stock_movements_ref') - 1) * 4096, randomBytes(4096, 11)));
    expectCorrupt(await diagnose(s.config));
  });

  it('turns a file cut to 60% into CRITICAL', async () => {
    const s = store('truncated', (file) => truncateSync(file, Math.floor(readFileSync(file).length * 0.6 / 4096) * 4096));
    const r = await diagnose(s.config);
    expect(r.code).toBe(2);
    expect(r.json.findings.find((f) => f.id === 'sqlite-corrupt')?.runbook).toBe('db-corruption');
  });

  it('turns a header whose page count disagrees with the file into CRITICAL, naming the header', async () => {
    const s = store('header-count', (file) => {
      const pages = readFileSync(file).length / 4096;
      const b = Buffer.alloc(4);
      b.writeUInt32BE(pages - 3);
      overwrite(file, 28, b);
    });
    const r = await diagnose(s.config);
    expectCorrupt(r);
    expect(probe(r.json, 'database:main').message).toMatch(/^main: DAMAGED: \d+ problem\(s\) found/);
    expect(probe(r.json, 'database:main').details[0]).toMatch(/^header: page count \d+ disagrees with the file's \d+ pages/);
  });

  it('warns when no full check is on record, with a hint that repeats --config', async () => {
    const s = store('never-checked');
    const { json } = await diagnose(s.config);
    expect(probe(json, 'database:main').status).toBe('ok');
    expect(probe(json, 'database:main:full-check').status).toBe('warning');
    expect(probe(json, 'database:main:full-check').message).toBe(`main: no full check on record; get one: store-ops --config ${s.config} diagnose --deep`);
    expect(json.findings.find((f) => f.id === 'db-full-check-old')?.severity).toBe('warning');

    // The hint, followed, records a full check that the next run shows.
    const deep = await runCli(['--config', s.config, '--json', 'diagnose', '--deep'], { cwd: tmp.dir });
    expect(JSON.parse(deep.stdout).probes.find((p: { name: string }) => p.name === 'database:main').message).toBe('main: integrity_check ok');
    const after = await runCli(['--config', s.config, '--json', 'diagnose'], { cwd: tmp.dir });
    const full = (JSON.parse(after.stdout) as Json).probes.find((p) => p.name === 'database:main:full-check')!;
    expect(full.status).toBe('ok');
    expect(full.message).toMatch(/^main: last full check: ok, 0 h ago \(state of .*, store-ops diagnose --deep -\)$/);
  });

  it('calls a failed last full check CRITICAL with the db-corruption runbook, and an old one a warning', async () => {
    const s = store('failed-check');
    const rec = {
      database: 'main', path: path.join(s.dir, 'store.db'), kind: 'integrity_check' as const, ok: false, result: 'Tree 7 page 912 cell 3: invalid page number',
      state_at: '2026-11-20T02:00:00+08:00', checked_at: '2026-11-20T02:03:00+08:00', source: 'verify' as const, backup: 'T-1_20261119T180000Z_cd34', duration_ms: 900,
    };
    recordDatabaseCheck(path.join(s.dir, '.store-ops'), rec);
    const failed = await diagnose(s.config);
    expect(failed.code).toBe(2);
    expect(failed.json.findings.find((f) => f.id === 'db-full-check-failed')).toMatchObject({ severity: 'critical', runbook: 'db-corruption' });

    const old = store('old-check');
    recordDatabaseCheck(path.join(old.dir, '.store-ops'), { ...rec, ok: true, result: 'ok', state_at: '2026-11-15T02:00:00+08:00' });
    const { json } = await diagnose(old.config);
    expect(probe(json, 'database:main:full-check')).toMatchObject({ status: 'warning', value: 157 });
  });
});
