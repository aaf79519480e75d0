// store-ops' own state database (`<state_dir>/state.db`): the audit log now; the verification
// ledger, incidents, database checks and the diagnose history. Migrations are plain
// SQL steps keyed by user_version, applied in one transaction, so an old state.db upgrades in place.
// The audit log names operators, backups and quarantine paths: the file is 0600 whatever the
// folder's mode (SQLite gives its -wal and -shm the main file's mode), 0660 only in a folder
// setup-permissions shared with the roles' group, and the folder 0700 when store-ops makes it.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { failure } from './errors.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE audit (
     id        INTEGER PRIMARY KEY,
     at        TEXT NOT NULL,
     operator  TEXT NOT NULL,
     command   TEXT NOT NULL,
     args      TEXT NOT NULL,
     outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'refused')),
     details   TEXT NOT NULL DEFAULT '{}'
   );
   CREATE INDEX audit_at ON audit (at);`,
  `CREATE TABLE backup_runs (
     id           INTEGER PRIMARY KEY,
     started_at   TEXT NOT NULL,
     finished_at  TEXT NOT NULL,
     outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
     backup       TEXT,
     size         INTEGER,
     duration_ms  INTEGER NOT NULL,
     error        TEXT
   );
   CREATE TABLE verifications (
     id           INTEGER PRIMARY KEY,
     backup       TEXT NOT NULL,
     destination  TEXT NOT NULL,
     level        TEXT NOT NULL CHECK (level IN ('quick', 'deep', 'drill')),
     ok           INTEGER NOT NULL,
     at           TEXT NOT NULL,
     duration_ms  INTEGER NOT NULL,
     details      TEXT NOT NULL DEFAULT '{}'
   );
   CREATE INDEX verifications_backup ON verifications (backup, destination, at);`,
  `CREATE TABLE incidents (
     id          INTEGER PRIMARY KEY,
     runbook     TEXT NOT NULL,
     definition  TEXT NOT NULL,
     lang        TEXT NOT NULL,
     opened_at   TEXT NOT NULL,
     opened_by   TEXT NOT NULL,
     closed_at   TEXT
   );
   CREATE TABLE incident_events (
     id        INTEGER PRIMARY KEY,
     incident  INTEGER NOT NULL REFERENCES incidents (id),
     at        TEXT NOT NULL,
     operator  TEXT NOT NULL,
     stage     TEXT NOT NULL,
     step      TEXT NOT NULL,
     kind      TEXT NOT NULL,
     next      TEXT,
     data      TEXT NOT NULL DEFAULT '{}'
   );
   CREATE INDEX incident_events_incident ON incident_events (incident, id);
   CREATE INDEX incidents_open ON incidents (closed_at);`,
  `CREATE TABLE database_checks (
     id           INTEGER PRIMARY KEY,
     database     TEXT NOT NULL,
     path         TEXT NOT NULL,
     kind         TEXT NOT NULL CHECK (kind IN ('quick_check', 'integrity_check')),
     ok           INTEGER NOT NULL,
     result       TEXT NOT NULL,
     state_at     TEXT NOT NULL,
     checked_at   TEXT NOT NULL,
     source       TEXT NOT NULL CHECK (source IN ('backup', 'verify', 'drill', 'restore', 'diagnose')),
     backup       TEXT,
     duration_ms  INTEGER NOT NULL
   );
   CREATE INDEX database_checks_database ON database_checks (database, checked_at);`,
  `CREATE TABLE diagnose_runs (
     id           INTEGER PRIMARY KEY,
     checked_at   TEXT NOT NULL,
     status       TEXT NOT NULL CHECK (status IN ('ok', 'warning', 'critical', 'unknown')),
     exit_code    INTEGER NOT NULL,
     cause_class  TEXT,
     runbook      TEXT,
     recorded_at  TEXT NOT NULL
   );`,
  `ALTER TABLE audit ADD COLUMN user TEXT;
   ALTER TABLE audit ADD COLUMN role TEXT;
   CREATE TABLE audit_inbox (name TEXT PRIMARY KEY);`,
];

export function stateDbPath(stateDir: string): string {
  return path.join(stateDir, 'state.db');
}

/**
 * Creates the file exclusively when it is new, and narrows an existing one (and its journal files)
 * to its mode, never following a link planted under its name: 0600, or 0660 when the folder is
 * shared with the roles' group (setgid and group-writable, as setup-permissions leaves it). Only
 * the file's owner can change its mode; another role's member leaves it to diagnose to report.
 * Existing files are only stat-ed and chmod-ed by path, never opened: closing any descriptor of
 * a database file drops the POSIX locks another connection of this process holds on it (runbooks
 * keep state.db open while they write the audit log).
 */
function makePrivate(file: string, create: boolean, mode: number): void {
  if (create) {
    try {
      closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isFile()) throw failure('state.notAFile', { file }, { key: 'hint.stateNotAFile', params: { file } });
  if ((st.mode & 0o777) !== mode && st.uid === process.geteuid?.()) chmodSync(file, mode);
}

/** The folder is shared with a group when setup-permissions made it setgid and group-writable. */
export function sharedStateDir(stateDir: string): boolean {
  const st = lstatSync(stateDir, { throwIfNoEntry: false });
  return st !== undefined && st.isDirectory() && (st.mode & 0o2070) === 0o2070;
}

export function openStateDb(stateDir: string): Database.Database {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = stateDbPath(stateDir);
  const mode = sharedStateDir(stateDir) ? 0o660 : 0o600;
  makePrivate(file, true, mode);
  for (const journal of ['-wal', '-shm', '-journal']) makePrivate(file + journal, false, mode);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= MIGRATIONS.length) return;
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
