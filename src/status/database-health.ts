// The quick look at a store database that `status` gives whatever its size: the file's header,
// opening it read-only, its schema, the WAL's size, the newest sale (through the reconcile mapping), free disk space, and, when the
// file is small enough to read in a fraction of a second, every table and index page (diagnose's
// walk, in a worker thread, cut off after a few seconds). A larger file gets the header only, and
// says so: "ok" must never stand for pages nobody read.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { runWorker } from '../checks/probes/database.js';
import { TimedOut } from '../checks/deadline.js';
import { describeCause } from '../core/errors.js';
import { readLastSale, type LastSaleQuery } from '../reconcile/last-sale-read.js';
import { formatStoreTime, parseSourceTime } from '../reconcile/store-time.js';

export interface DatabaseHealth {
  name: string;
  path: string;
  ok: boolean;
  /** What is wrong, in English (the text screen says it from `problem_kind`). */
  problem: string | null;
  problem_kind: 'missing' | 'not-sqlite' | 'unreadable' | 'damaged' | null;
  size: number | null;
  wal_size: number | null;
  schema_version: number | null;
  tables: number | null;
  last_sale_at: string | null;
  /** Why the newest sale was not read through the reconcile mapping; null when it was, or for a database the mapping is not about. */
  last_sale_skipped: { key: string; problem: string } | null;
  disk_free_percent: number | null;
  check: 'quick';
  /** Whether every table and index page was read; if not, why: too large for a quick look, or not done in time. */
  pages_checked: boolean;
  pages_skipped: 'size' | 'time' | null;
  /** What reading the pages found wrong, one problem per line. */
  damage: string[];
  duration_ms: number;
}

/** At about 1 GB/s from the page cache, this many bytes take a tenth of a second or so. */
export const PAGE_READ_LIMIT_BYTES = 128e6;
/** A cold disk is slower: the read is cut off here and the look stays a header look. */
export const PAGE_READ_TIMEOUT_MS = 3000;

const MAGIC = 'SQLite format 3\0';

function header(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    readSync(fd, buf, 0, 16, 0);
    return buf.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
};

function freePercent(file: string): number | null {
  try {
    const s = statfsSync(path.dirname(file));
    return Math.round((s.bavail / s.blocks) * 1000) / 10;
  } catch {
    return null;
  }
}

type Problem = { kind: NonNullable<DatabaseHealth['problem_kind']>; text: string };

/** The schema and the newest sale (through the reconcile mapping), read in this thread: a few small reads. */
function schemaFacts(file: string, out: DatabaseHealth, lastSale: StoreClockQuery | undefined): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 500');
    out.schema_version = db.pragma('user_version', { simple: true }) as number;
    out.tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (!lastSale) return;
    const read = readLastSale(db, lastSale.query);
    if (!read.ok) out.last_sale_skipped = { key: read.key, problem: read.problem };
    else if (read.at !== null) {
      // On the store's clock with its offset, whatever form the store system keeps it in.
      const ms = parseSourceTime(read.at, lastSale.timeZone);
      out.last_sale_at = ms === undefined ? read.at : formatStoreTime(ms, lastSale.timeZone);
    }
  } finally {
    db.close();
  }
}

/** Every page read, or why not; the damage found as a problem. */
async function readPages(file: string, size: number, out: DatabaseHealth): Promise<Problem | null> {
  if (size > PAGE_READ_LIMIT_BYTES) {
    out.pages_skipped = 'size';
    return null;
  }
  try {
    const res = await runWorker({ file, check: 'walk', busyMs: 500 }, PAGE_READ_TIMEOUT_MS);
    if (!res.ok) return { kind: 'unreadable', text: `${res.code}: ${res.message}` };
    out.pages_checked = true;
    out.damage = res.facts.problems;
    return out.damage.length === 0 ? null : { kind: 'damaged', text: `${out.damage.length} problem(s) found reading its pages; the first: ${out.damage[0]}` };
  } catch (err) {
    if (!(err instanceof TimedOut)) return { kind: 'unreadable', text: describeCause(err) };
    out.pages_skipped = 'time';
    return null;
  }
}

/** How to read the newest sale of the database the reconcile mapping is about, and the store's zone. */
export interface StoreClockQuery {
  query: LastSaleQuery;
  timeZone: string;
}

export async function databaseHealth(name: string, file: string, lastSale?: StoreClockQuery): Promise<DatabaseHealth> {
  const started = performance.now();
  const out: DatabaseHealth = {
    name, path: file, ok: false, problem: null, problem_kind: null, size: sizeOf(file), wal_size: sizeOf(`${file}-wal`), schema_version: null, tables: null,
    last_sale_at: null, last_sale_skipped: null, disk_free_percent: freePercent(file), check: 'quick', pages_checked: false, pages_skipped: null, damage: [], duration_ms: 0,
  };
  const done = (problem: Problem | null): DatabaseHealth => ({
    ...out, ok: problem === null, problem: problem?.text ?? null, problem_kind: problem?.kind ?? null, duration_ms: Math.round(performance.now() - started),
  });
  if (out.size === null) return done({ kind: 'missing', text: 'the database file is missing' });
  try {
    if (header(file) !== MAGIC) return done({ kind: 'not-sqlite', text: 'not a SQLite database (its header is damaged or it is another file)' });
    schemaFacts(file, out, lastSale);
  } catch (err) {
    return done({ kind: 'unreadable', text: describeCause(err) });
  }
  return done(await readPages(file, out.size, out));
}
