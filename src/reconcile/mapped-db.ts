// A store database seen through a mapping: statements are prepared by name, and a statement the
// database cannot run (a missing table, a misspelt column, a read that does not return the
// columns reconcile needs) is a config error naming the mapping file, line and key, before any
// work is done.
import Database from 'better-sqlite3';
import path from 'node:path';
import { configError, failure, describeCause } from '../core/errors.js';
import { READS, type Mapping, type ReadName, type WriteName } from './mapping.js';
import { mappingWhere } from './mapping-where.js';
import { labelWrites } from './write-label.js';

export interface MappedDb {
  db: Database.Database;
  mapping: Mapping;
  /** The database as named in messages. */
  shown: string;
  cwd: string;
}

export function openMapped(file: string, mapping: Mapping, cwd: string, opts: { write: boolean }): MappedDb {
  const shown = path.relative(cwd, file) || file;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: !opts.write, fileMustExist: true });
    // The store system keeps writing: wait for its short transactions instead of failing at once.
    db.pragma('busy_timeout = 5000');
    // Reconcile looks up 100 000s of receipts by key: keep the index pages in memory (64 MB).
    db.pragma('cache_size = -65536');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    throw failure('reconcile.databaseUnreadable', { file: shown, problem: describeCause(err) }, { key: 'hint.databasePath' }, err);
  }
  return { db, mapping, shown, cwd };
}

function mappingError(m: MappedDb, key: string, problem: string) {
  if (m.mapping.file === 'builtin') {
    return configError('reconcile.builtinMismatch', { file: m.shown, key, problem }, { key: 'hint.mappingBuiltin' });
  }
  const shown = path.relative(m.cwd, m.mapping.file) || m.mapping.file;
  const line = m.mapping.lines[key];
  return configError('reconcile.mappingInvalid', { file: line ? `${shown}:${line}` : shown, key, problem }, { key: 'hint.mapping' });
}

/** A row value the comparison cannot use: where the mapping gives it, the column, and the value itself. */
export function mappingValueError(m: MappedDb, key: string, column: string, value: string, problem: 'sku' | 'time' | 'number' | 'text') {
  const messageKey = `reconcile.badValue.${problem}` as const;
  if (m.mapping.file === 'builtin') return configError(messageKey, { file: m.shown, key, column, value }, { key: 'hint.mappingBuiltin' });
  const shown = path.relative(m.cwd, m.mapping.file) || m.mapping.file;
  const line = m.mapping.lines[key];
  return configError(messageKey, { file: line ? `${shown}:${line}` : shown, key, column, value }, { key: 'hint.mappingValue' });
}

function prepare(m: MappedDb, key: string, sql: string): Database.Statement {
  try {
    return m.db.prepare(sql);
  } catch (err) {
    // SQLite's own words ("no such column: qty") are what the mapping's author needs.
    throw mappingError(m, key, err instanceof Error ? err.message : String(err));
  }
}

export function readSql(m: MappedDb, name: ReadName): string | undefined {
  return m.mapping.queries[name];
}

export function prepareRead(m: MappedDb, name: ReadName): Database.Statement {
  const key = `queries.${name}`;
  const sql = m.mapping.queries[name];
  if (sql === undefined) throw mappingError(m, key, 'missing');
  const stmt = prepare(m, key, sql);
  if (!stmt.reader) throw mappingError(m, key, 'must be a query that returns rows');
  const got = stmt.columns().map((c) => c.name);
  const lacking = READS[name].columns.filter((c) => !got.includes(c));
  if (lacking.length > 0) throw mappingError(m, key, `must return the columns ${READS[name].columns.join(', ')}; it returns ${got.join(', ')} (rename with AS)`);
  return stmt;
}

/** The statement, or undefined for an optional one the mapping leaves out. */
export function prepareWrite(m: MappedDb, name: WriteName): Database.Statement | undefined {
  const sql = m.mapping.writes[name];
  if (sql === undefined) return undefined;
  const where = mappingWhere(m.mapping, `writes.${name}`, m.cwd, m.shown);
  return labelWrites(prepare(m, where.key, sql), m.mapping.file === 'builtin' ? where.key : `${where.file}: ${where.key}`);
}

/** Runs an INSERT and gives the new row's id: its RETURNING id, else the rowid SQLite assigned. */
export function insertId(stmt: Database.Statement, params: Record<string, unknown>): number | bigint | string {
  if (stmt.reader) return (stmt.get(params) as { id: number | bigint | string }).id;
  return stmt.run(params).lastInsertRowid;
}
