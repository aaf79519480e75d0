// Refusals of people in none of the roles' groups: they cannot open the state database, so the
// refusal is dropped as a small file into <state_dir>/refusals/, a folder anyone may add to but
// only the roles may read (sticky, like /tmp; setup-permissions makes it). The file's owner, set
// by the kernel, says who it was, and the row takes its user from there, never from the content;
// the outcome is always `refused`. The next command that writes or reads the audit log moves the
// files in, once each (their names are remembered), and removes those it may.
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { findAccount } from './roles/os-accounts.js';
import { redactArgs, redactOperator, redactSecrets } from './redact.js';

export const REFUSALS_FOLDER = 'refusals';
const MAX_BYTES = 64 * 1024;

export interface DroppedRefusal {
  at: string;
  operator: string;
  command: string;
  args: readonly string[];
  details: Record<string, unknown>;
}

/** Leaves the refusal in the inbox; false when there is none to leave it in (roles never set up). */
export function dropRefusal(stateDir: string, refusal: DroppedRefusal): boolean {
  const file = path.join(stateDir, REFUSALS_FOLDER, `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch {
    return false;
  }
  try {
    writeSync(fd, JSON.stringify({ ...refusal, args: redactArgs(refusal.args), operator: redactOperator(refusal.operator) }));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readDropped(file: string): { uid: number; mtime: Date; doc: Record<string, unknown> } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    const doc = JSON.parse(readFileSync(fd, 'utf8')) as unknown;
    return typeof doc === 'object' && doc !== null ? { uid: st.uid, mtime: st.mtime, doc: doc as Record<string, unknown> } : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

/** Moves the dropped refusals into the audit table (the caller's open state database). */
export function mergeRefusals(db: Database.Database, stateDir: string): void {
  const dir = path.join(stateDir, REFUSALS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return;
  }
  if (names.length === 0) return;
  const seen = db.prepare('SELECT 1 FROM audit_inbox WHERE name = ?');
  const remember = db.prepare('INSERT INTO audit_inbox (name) VALUES (?)');
  const insert = db.prepare("INSERT INTO audit (at, operator, user, role, command, args, outcome, details) VALUES (?, ?, ?, 'none', ?, ?, 'refused', ?)");
  db.transaction(() => {
    for (const name of names) {
      const file = path.join(dir, name);
      if (!seen.get(name)) {
        const dropped = readDropped(file);
        if (!dropped) continue;
        const { doc } = dropped;
        const at = Number.isNaN(Date.parse(text(doc.at, 40))) ? dropped.mtime.toISOString() : new Date(text(doc.at, 40)).toISOString();
        const args = Array.isArray(doc.args) ? doc.args.filter((a): a is string => typeof a === 'string').slice(0, 100) : [];
        const details = typeof doc.details === 'object' && doc.details !== null ? doc.details : {};
        insert.run(at, redactOperator(text(doc.operator, 200)), findAccount(dropped.uid)?.name ?? `uid-${dropped.uid}`, text(doc.command, 100),
          JSON.stringify(redactArgs(args)), redactSecrets(JSON.stringify({ ...details, refusal_file: name })));
        remember.run(name);
      }
    }
  })();
  // Only once the rows are committed. In the sticky folder only root or the one who dropped a
  // file may remove it; the others stay, their names remembered so they are not moved in twice.
  for (const name of names) {
    try {
      unlinkSync(path.join(dir, name));
    } catch {
      continue;
    }
  }
}
