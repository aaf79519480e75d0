// Reading the newest sale with the query last-sale.ts made: its own file, without the mapping
// loader, because diagnose runs it inside its database worker thread.
import type Database from 'better-sqlite3';

/** How to read the newest sale: a statement and its parameters, or why it cannot be read. */
export type LastSaleQuery =
  | { ok: true; key: string; sql: string; params: Record<string, string>; days: number | null }
  | { ok: false; key: string; problem: string };

/** The result: the newest sale's time as the database keeps it (null: none), or why it was not read. */
export type LastSaleRead = { ok: true; key: string; at: string | null; days: number | null } | { ok: false; key: string; problem: string };

/** Runs the query on an open database; a failure is an answer, not an exception. */
export function readLastSale(db: Database.Database, q: LastSaleQuery): LastSaleRead {
  if (!q.ok) return q;
  try {
    const row = db.prepare(q.sql).get(q.params) as Record<string, unknown> | undefined;
    if (row && !('at' in row)) return { ok: false, key: q.key, problem: `returns ${Object.keys(row).join(', ')}; it must return the column at` };
    const at = row?.at;
    return { ok: true, key: q.key, at: at === null || at === undefined ? null : String(at), days: q.days };
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    // A locked database is the database's problem, for the probe that reads it to report.
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw err;
    return { ok: false, key: q.key, problem: err instanceof Error ? err.message : String(err) };
  }
}
