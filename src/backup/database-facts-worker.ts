// Runs inside a worker thread (see database-facts.ts): opens one SQLite file read-only and
// reports its facts.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckKind, Facts } from './database-facts.js';

const { file, check } = workerData as { file: string; check: CheckKind };

function facts(): Facts {
  // Read-write open of our own scratch copy: a read-only open of a WAL-mode file fails when its -shm is absent.
  const db = new Database(file, { fileMustExist: true });
  try {
    const schema = db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    const rows = db.pragma(check) as Array<Record<string, string>>;
    const result = rows.map((r) => Object.values(r)[0]).join('; ');
    const row_counts: Record<string, number> = {};
    for (const t of tables) row_counts[t] = (db.prepare(`SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
    return {
      schema_hash: createHash('sha256').update(JSON.stringify(schema)).digest('hex'),
      schema_version: db.pragma('user_version', { simple: true }) as number,
      page_size: db.pragma('page_size', { simple: true }) as number,
      page_count: db.pragma('page_count', { simple: true }) as number,
      journal_mode: db.pragma('journal_mode', { simple: true }) as string,
      check: result,
      row_counts,
    };
  } finally {
    db.close();
  }
}

try {
  parentPort!.postMessage({ ok: true, facts: facts() });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
