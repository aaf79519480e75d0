// One backup at a time. The lock file holds the owner's pid, host and start time; a lock whose
// process is gone (killed, power cut) is taken over with a warning instead of blocking every
// night after.
import { closeSync, constants, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failure } from '../core/errors.js';
import { processAlive } from '../core/process-alive.js';

export interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
  command: string;
}

export interface HeldLock {
  release(): void;
  /** Set when a dead run's lock was taken over. */
  takenOver: LockOwner | undefined;
}


function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function tryCreate(file: string, owner: LockOwner): boolean {
  try {
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    try {
      writeSync(fd, JSON.stringify(owner));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export function acquireLock(stateDir: string, name: string, command: string, now = new Date()): HeldLock {
  const dir = path.join(stateDir, 'locks');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.lock`);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started_at: now.toISOString(), command };
  let takenOver: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, owner)) {
      return {
        takenOver,
        release: () => {
          if (readOwner(file)?.pid === process.pid) unlinkSync(file);
        },
      };
    }
    const current = readOwner(file);
    const sameHost = !current || current.host === os.hostname();
    if (current && (processAlive(current.pid) || !sameHost)) {
      throw failure('backup.locked', { pid: current.pid, since: current.started_at, host: current.host }, { key: 'hint.locked', params: { file } });
    }
    // The owner is dead: move its lock aside (atomic) and try again; another run doing the same
    // at the same moment loses the rename or the O_EXCL create, never both win.
    takenOver = current;
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      unlinkSync(`${file}.stale-${process.pid}`);
    } catch {
      // someone else took it over first; the next attempt sees their lock
    }
  }
  throw failure('backup.lockContended', { file });
}
