// The quick look at a store database that `status` gives in well under a second, whatever its
// size: the file's header, opening it read-only, its schema, the WAL's size, the newest sale, and
// free disk space. "Quick" means no page-by-page check: PRAGMA quick_check takes about 0.4 s on the
// 120 MB medium demo and seconds on 1 GB, so it belongs to diagnose and backup verify.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeCause } from '../core/errors.js';

export interface DatabaseHealth {
  name: string;
  path: string;
  ok: boolean;
  problem: string | null;
  size: number | null;
  wal_size: number | null;
  schema_version: number | null;
  tables: number | null;
  last_sale_at: string | null;
  disk_free_percent: number | null;
  check: 'quick';
  duration_ms: number;
}

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

export function databaseHealth(name: string, file: string): DatabaseHealth {
  const started = performance.now();
  const out: DatabaseHealth = {
    name, path: file, ok: false, problem: null, size: sizeOf(file), wal_size: sizeOf(`${file}-wal`), schema_version: null, tables: null,
    last_sale_at: null, disk_free_percent: freePercent(file), check: 'quick', duration_ms: 0,
  };
  const done = (problem: string | null) => ({ ...out, ok: problem === null, problem, duration_ms: Math.round(performance.now() - started) });
  if (out.size === null) return done('the database file is missing');
  try {
    if (header(file) !== MAGIC) return done('not a SQLite database (its header is damaged or it is another file)');
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 500');
      out.schema_version = db.pragma('user_version', { simple: true }) as number;
      out.tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
      try {
        out.last_sale_at = (db.prepare('SELECT max(at) AS at FROM sales').get() as { at: string | null }).at;
      } catch (err) {
        // A foreign schema without our sales table: the newest sale is simply not known.
        if (!/no such (table|column)/.test(describeCause(err))) throw err;
      }
    } finally {
      db.close();
    }
  } catch (err) {
    return done(describeCause(err));
  }
  return done(null);
}
