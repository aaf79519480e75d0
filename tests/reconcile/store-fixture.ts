// What the reconcile tests share: a demo store built with `demo init --json` (its `planted`
// part is the answer key), copied per test so each starts from the same state, and ways to look
// inside the store database without going through store-ops.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll } from 'vitest';
import { DEMO_NOW, runCli, type CliResult } from '../helpers/cli.js';

export interface Planted {
  stock_discrepancies: Array<{ sku: string; expected: number; recorded: number; story: string }>;
  receipt_conflict: { register: string; receipt_no: string; sku: string; journal_qty: number; database_qty: number };
  journal: {
    duplicate: { file: string; register: string; receipt_no: string; lines: [number, number] };
    truncated: { file: string; line: number };
    journal_only_receipts: number;
  };
  physical_count: { file: string; category: string; counted: number; shrinkage: Array<{ sku: string; units: number }>; unknown_codes: string[] };
}

export interface Shop {
  dir: string;
  db: string;
  stateDir: string;
  planted: Planted;
  receipts: { in_database: number; journal_only: number; paper_slips: number; manual_rows: number };
  cli: (args: string[]) => Promise<CliResult>;
}

function shopAt(dir: string, summary: { planted: Planted; receipts: Shop['receipts'] }): Shop {
  const config = path.join(dir, 'store-ops.yaml');
  return {
    dir, db: path.join(dir, 'store.db'), stateDir: path.join(dir, '.store-ops'), planted: summary.planted, receipts: summary.receipts,
    cli: (args) => runCli(['--config', config, ...args], { cwd: dir }),
  };
}

export async function makeShop(parent: string, name = 'shop'): Promise<Shop> {
  const r = await runCli(['--json', 'demo', 'init', name, '--now', DEMO_NOW], { cwd: parent });
  if (r.code !== 0) throw new Error(`demo init failed: ${r.stderr}`);
  return shopAt(path.join(parent, name), JSON.parse(r.stdout));
}

/** A fresh copy of a shop (its database, files and state), for a test that changes it. */
export function copyShop(shop: Shop, to: string): Shop {
  cpSync(shop.dir, to, { recursive: true });
  return shopAt(to, shop);
}

/**
 * One demo shop for a whole test file, built before its tests (in the file's first beforeAll), and
 * a fresh copy of it for each test that changes the store.
 */
export function shopPerFile(parent: string): { base: () => Shop; fresh: () => Shop } {
  let base: Shop | undefined;
  let n = 0;
  beforeAll(async () => {
    base = await makeShop(parent, 'base');
  });
  const built = () => {
    if (!base) throw new Error('the shared shop is built in beforeAll; use it inside a test or a later hook');
    return base;
  };
  return { base: built, fresh: () => copyShop(built(), path.join(parent, `case-${++n}`)) };
}

/** Everything in the database, as one hash: equal means not one row changed. */
export function digest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      hash.update(t);
      // A WITHOUT ROWID table is read in its primary-key order, which is as stable.
      const withoutRowid = db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(t) === 1;
      for (const row of db.prepare(`SELECT * FROM "${t}"${withoutRowid ? '' : ' ORDER BY rowid'}`).raw().iterate()) hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function query<T = Record<string, unknown>>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function exec(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

export function quarantines(shop: Shop): string[] {
  const root = path.join(shop.stateDir, 'quarantine');
  return existsSync(root) ? readdirSync(root).sort() : [];
}

export const json = <T = Record<string, any>>(r: CliResult): T => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};
