// Is the store system still using the database? Restoring under a running program would let it
// write into the new file with its old view of the data (or replay its WAL into it). On Linux,
// /proc shows every process holding the database, its -wal or its -shm open; an exclusive
// transaction catches a writer /proc cannot show us (another user's process, when not root).
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface UsingProcess {
  pid: number;
  command: string;
  file: string;
}

function companions(db: string): string[] {
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].filter((f) => existsSync(f)).map((f) => realpathSync(f));
}

export function processesUsing(databases: readonly string[]): UsingProcess[] {
  const wanted = new Set(databases.flatMap(companions));
  if (wanted.size === 0 || !existsSync('/proc/self/fd')) return [];
  const out: UsingProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!wanted.has(target)) continue;
      out.push({ pid, command: commandOf(pid), file: target });
      break;
    }
  }
  return out;
}

/**
 * The program's name as a person knows it: the first word of its command line. /proc/PID/comm is
 * the name of the thread, which some runtimes rename (Node 24 calls its main thread "MainThread").
 */
function commandOf(pid: number): string {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    if (argv0) return path.basename(argv0);
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || '?';
  } catch {
    // the process ended while we looked
    return '?';
  }
}

/** True when another connection holds a write lock right now (busy_timeout 0: we do not wait). */
export function writerHoldsLock(db: string): boolean {
  if (!existsSync(db)) return false;
  let conn: Database.Database | undefined;
  try {
    conn = new Database(db, { fileMustExist: true, timeout: 0 });
    conn.exec('BEGIN IMMEDIATE');
    conn.exec('ROLLBACK');
    return false;
  } catch (err) {
    return /SQLITE_BUSY|database is locked/i.test(String((err as Error).message) + String((err as { code?: string }).code));
  } finally {
    conn?.close();
  }
}
