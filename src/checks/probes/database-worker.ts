// Runs inside a worker thread (see database.ts): opens one store database read-only and reads
// what the probe judges. SQLite's checks read the whole file; the thread keeps diagnose's other
// probes and its timers running meanwhile, and can be terminated when the budget runs out.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface DbWorkerInput {
  file: string;
  check: 'quick_check' | 'integrity_check';
  busyMs: number;
}

export interface DbFacts {
  user_version: number;
  check: string[];
  has_sales: boolean;
  last_sale: string | null;
}

export type DbWorkerOutput = { ok: true; facts: DbFacts } | { ok: false; code: string; message: string };

const { file, check, busyMs } = workerData as DbWorkerInput;

function facts(): DbFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: busyMs });
  try {
    db.pragma(`busy_timeout = ${busyMs}`);
    // Reading the pages through mmap cuts quick_check's time by about a quarter; the open is read-only.
    db.pragma('mmap_size = 268435456');
    const user_version = db.pragma('user_version', { simple: true }) as number;
    const has_sales = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sales'").get() !== undefined;
    const last = has_sales ? (db.prepare('SELECT max(at) AS at FROM sales').get() as { at: string | null }).at : null;
    const rows = db.pragma(`${check}(20)`) as Array<Record<string, unknown>>;
    return { user_version, check: rows.map((r) => String(Object.values(r)[0])), has_sales, last_sale: last };
  } finally {
    db.close();
  }
}

let out: DbWorkerOutput;
try {
  out = { ok: true, facts: facts() };
} catch (err) {
  const e = err as { code?: string; message?: string };
  out = { ok: false, code: e.code ?? 'ERROR', message: e.message ?? String(err) };
}
parentPort!.postMessage(out);
