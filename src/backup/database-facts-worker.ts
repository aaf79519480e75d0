// Runs inside a worker thread (see database-facts.ts): opens one SQLite file read-only and
// reports its facts.
import Database from 'better-sqlite3';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckKind, Facts } from './database-facts.js';
import { schemaHash } from './database-header.js';

const { file, check, mapped } = workerData as { file: string; check: CheckKind; mapped: boolean };
const MMAP_BYTES = 2 ** 31 - 2 ** 16;
// integrity_check looks up every index entry: a 32 MB cache saves most repeated reads (19 s instead
// of 26 s on the large demo) and keeps the backup's whole process near 200 MB.
const CACHE_KIB = 32 * 1024;

// Linux keeps a nice value per thread, and a worker is a thread: this lowers the check alone, so
// the backup's own pipeline and the store system (still selling) get the processor first.
try {
  os.setPriority(10);
} catch {
  // Not allowed or not supported here: the check runs at normal priority.
}

function facts(): Facts {
  // Read-write open of our own scratch copy: a read-only open of a WAL-mode file fails when its -shm is absent.
  const db = new Database(file, { fileMustExist: true });
  try {
    // Pages read through mmap instead of one read() each: integrity_check of the 1 GB demo takes
    // 10 s instead of 19. Only on our own copy: no other writer can shrink it under the map.
    if (mapped) db.pragma(`mmap_size = ${MMAP_BYTES}`);
    else db.pragma(`cache_size = -${CACHE_KIB}`);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    let result: string;
    try {
      result = (db.pragma(check) as Array<Record<string, string>>).map((r) => Object.values(r)[0]).join('; ');
    } catch (err) {
      result = `the check stopped: ${err instanceof Error ? err.message : String(err)}`;
    }
    // A damaged database is still backed up (what can be read of it may be all there is), so its
    // counts are taken where they can be: a table SQLite cannot count is left out.
    const damaged = result !== 'ok';
    const row_counts: Record<string, number> = {};
    for (const t of tables) {
      try {
        row_counts[t] = (db.prepare(`SELECT count(*) AS n FROM "${t.replace(/"/g, '""')}"`).get() as { n: number }).n;
      } catch (err) {
        if (!damaged) throw err;
      }
    }
    return {
      schema_hash: schemaHash(db),
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
