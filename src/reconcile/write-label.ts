// A write that fails during --apply names the mapping statement it ran: "mapping.yaml:14:
// writes.sale_line: FOREIGN KEY constraint failed", not SQLite's words alone. The error keeps
// SQLite's code, so a busy database is still told apart (write-tx.ts).
import type Database from 'better-sqlite3';

function labelled(label: string, err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: string }).code;
  const message = code === undefined || err.message.includes(code) ? `${label}: ${err.message}` : `${label}: ${err.message} (${code})`;
  return Object.assign(new Error(message, { cause: err }), code === undefined ? {} : { code });
}

/** The statement, its run and get relabelling their errors with `label` (file:line: key). */
export function labelWrites(stmt: Database.Statement, label: string): Database.Statement {
  const run = stmt.run.bind(stmt);
  const get = stmt.get.bind(stmt);
  return Object.assign(stmt, {
    run: (...params: unknown[]) => {
      try {
        return run(...params);
      } catch (err) {
        throw labelled(label, err);
      }
    },
    get: (...params: unknown[]) => {
      try {
        return get(...params);
      } catch (err) {
        throw labelled(label, err);
      }
    },
  });
}
