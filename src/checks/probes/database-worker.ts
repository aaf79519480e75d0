// Runs inside a worker thread (see database.ts): opens one store database read-only and reads
// what the probe judges. Every run: the file's header against its size, the last page read from
// disk, and a walk of every b-tree (each table, each index) counting its entries, with
// cell_size_check on, comparing each index's count with its table's. The walk reads every b-tree
// page at about 1 GB/s, where quick_check decodes every row (about half that): measured in
// bench/results/diagnose-2026-12-05.md, it finds damaged pages but not a few bytes inside a row,
// which the last full check (integrity_check, recorded by backups) and --deep are for.
// quick_check runs too when the header or the walk sees anything odd, to name the damage.
import Database from 'better-sqlite3';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readLastSale, type LastSaleQuery, type LastSaleRead } from '../../reconcile/last-sale-read.js';

export interface DbWorkerInput {
  file: string;
  check: 'walk' | 'integrity_check';
  busyMs: number;
  /** The newest sale, read through the reconcile mapping (last-sale.ts); the mapping's database only. */
  lastSale?: LastSaleQuery;
  /** A custom mapping's statements, each prepared to see that it fits the database. */
  statements?: Array<{ key: string; sql: string }>;
}

export interface DbFacts {
  user_version: number;
  /** What ran: "walk" or "walk, quick_check" or "integrity_check". */
  ran: string;
  /** Empty when sound; otherwise the problems found, one per line, up to MAX_LINES. */
  problems: string[];
  btrees: number;
  /** Null when not asked for. */
  last_sale: LastSaleRead | null;
  /** The first mapping statement the database cannot prepare; null when all fit or none were given. */
  mapping_problem: { key: string; problem: string } | null;
}

export type DbWorkerOutput = { ok: true; facts: DbFacts } | { ok: false; code: string; message: string };

const { file, check, busyMs, lastSale, statements } = workerData as DbWorkerInput;
const MAGIC = 'SQLite format 3\0';
/**
 * How many errors quick_check and integrity_check report before stopping. Asked for more, they
 * can give up on badly damaged files with a bare "malformed" instead of a list.
 */
const MAX_ERRORS = 20;
/** Lines kept of what the walk and the check found: enough to size the damage. */
const MAX_LINES = 100;

/** The header's own consistency and its page count against the file's size; also reads the last page. */
function headerProblems(): string[] {
  const fd = openSync(file, 'r');
  try {
    const h = Buffer.alloc(100);
    if (readSync(fd, h, 0, 100, 0) < 100 || h.toString('latin1', 0, 16) !== MAGIC) return []; // SQLite's open names it: not a database
    const raw = h.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return [`header: page size ${raw} is not a power of two from 512 to 65536`];
    const size = fstatSync(fd).size;
    const out: string[] = [];
    const filePages = Math.floor(size / pageSize);
    if (size % pageSize !== 0) out.push(`header: file size ${size} is not a whole number of ${pageSize}-byte pages`);
    const headerPages = h.readUInt32BE(28);
    // The count is only meaningful when the version-valid-for number matches the change counter.
    const counted = headerPages > 0 && h.readUInt32BE(92) === h.readUInt32BE(24);
    if (counted && headerPages !== filePages) out.push(`header: page count ${headerPages} disagrees with the file's ${filePages} pages (${size} bytes)`);
    const pages = counted ? headerPages : filePages;
    const freelist = h.readUInt32BE(36);
    if (freelist > pages) out.push(`header: freelist count ${freelist} is above the page count ${pages}`);
    if (h.readUInt32BE(32) > pages) out.push(`header: first freelist page ${h.readUInt32BE(32)} is past the last page ${pages}`);
    const format = h.readUInt32BE(44);
    if (format < 1 || format > 4) out.push(`header: schema format ${format} is not 1 to 4`);
    const encoding = h.readUInt32BE(56);
    if (encoding < 1 || encoding > 3) out.push(`header: text encoding ${encoding} is not 1 (UTF-8), 2 or 3 (UTF-16)`);
    // A failing disk shows itself as an I/O error on a read, often near the end of a grown file.
    if (filePages > 1) readSync(fd, Buffer.alloc(pageSize), 0, pageSize, (filePages - 1) * pageSize);
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Every table and index b-tree walked in one read transaction; an index must hold as many entries as its table has rows. */
function walk(db: Database.Database): { problems: string[]; btrees: number } {
  db.pragma('cell_size_check = ON');
  const objects = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE rootpage > 0 AND type IN ('table', 'index')").all() as Array<{ type: string; name: string; tbl_name: string; sql: string | null }>;
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const counts = new Map<string, number>();
  const problems: string[] = [];
  db.exec('BEGIN');
  try {
    for (const o of objects) {
      // A partial index holds only the rows its WHERE selects: it cannot be scanned alone, nor compared.
      if (o.type === 'index' && o.sql && /\bWHERE\b/i.test(o.sql)) continue;
      // count(*) on a table counts its b-tree page by page; on an index it would pick the smallest
      // index whatever INDEXED BY says, so "WHERE 1" makes it step through that index's entries.
      const sql = o.type === 'table' ? `SELECT count(*) FROM ${q(o.name)} NOT INDEXED` : `SELECT count(*) FROM ${q(o.tbl_name)} INDEXED BY ${q(o.name)} WHERE 1`;
      try {
        counts.set(o.name, db.prepare(sql).pluck().get() as number);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') throw err;
        problems.push(`${o.type} ${o.name}: ${e.code ?? 'ERROR'} ${e.message ?? String(err)}`);
      }
    }
  } finally {
    // A read transaction changes nothing, and after a corruption error COMMIT fails where ROLLBACK
    // does not: the damage must reach quick_check below, not end the check as "cannot be read".
    if (db.inTransaction) db.exec('ROLLBACK');
  }
  for (const o of objects) {
    const n = counts.get(o.name);
    const rows = counts.get(o.tbl_name);
    if (o.type === 'index' && n !== undefined && rows !== undefined && n !== rows) problems.push(`index ${o.name}: ${n} entries, table ${o.tbl_name} has ${rows} rows`);
  }
  return { problems, btrees: counts.size };
}

function firstMisfit(db: Database.Database): DbFacts['mapping_problem'] {
  for (const s of statements ?? []) {
    try {
      db.prepare(s.sql);
    } catch (err) {
      return { key: s.key, problem: (err as Error).message };
    }
  }
  return null;
}

function facts(header: string[]): DbFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: busyMs });
  try {
    db.pragma(`busy_timeout = ${busyMs}`);
    const user_version = db.pragma('user_version', { simple: true }) as number;
    // Through the mapping only: the reference schema's tables may not be there, or be another system's.
    const mapped = { last_sale: lastSale ? readLastSale(db, lastSale) : null, mapping_problem: firstMisfit(db) };
    // A row may hold several problems, one per line, under a "*** in database main ***" heading.
    const pragma = (name: string) => (db.pragma(`${name}(${MAX_ERRORS})`) as Array<Record<string, unknown>>)
      .flatMap((r) => String(Object.values(r)[0]).split('\n'))
      .filter((l) => l !== 'ok' && l !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(l));
    if (check === 'integrity_check') return { user_version, ran: 'integrity_check', problems: pragma('integrity_check').slice(0, MAX_LINES), btrees: 0, ...mapped };
    const w = walk(db);
    const problems = [...header, ...w.problems];
    if (problems.length === 0) return { user_version, ran: 'walk', problems, btrees: w.btrees, ...mapped };
    let named: string[];
    try {
      named = pragma('quick_check');
    } catch (err) {
      // quick_check gives up on some damage with an error of its own instead of a list.
      named = [`quick_check: ${(err as Error).message}`];
    }
    return { user_version, ran: 'walk, quick_check', problems: [...problems, ...named].slice(0, MAX_LINES), btrees: w.btrees, ...mapped };
  } finally {
    db.close();
  }
}

let out: DbWorkerOutput;
let header: string[] = [];
try {
  header = check === 'walk' ? headerProblems() : [];
  out = { ok: true, facts: facts(header) };
} catch (err) {
  const e = err as { code?: string; message?: string };
  // SQLite's bare "malformed" says less than the header's own disagreement: keep both.
  out = { ok: false, code: e.code ?? 'ERROR', message: [e.message ?? String(err), ...header].join('; ') };
}
parentPort!.postMessage(out);
