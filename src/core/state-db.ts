// store-ops' own state database (`<state_dir>/state.db`): the audit log now; the verification
// ledger, incidents and diagnose history as later work adds their tables. Migrations are plain
// SQL steps keyed by user_version, applied in one transaction, so an old state.db upgrades in place.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

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
];

export function stateDbPath(stateDir: string): string {
  return path.join(stateDir, 'state.db');
}

export function openStateDb(stateDir: string): Database.Database {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const db = new Database(stateDbPath(stateDir));
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
