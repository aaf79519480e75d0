// One writer at a time. Every command that changes the store or its backups (backup run, prune,
// restore, restore --undo, reconcile --apply) holds the store lock, <state_dir>/locks/store.lock,
// so a restore can never swap the database under a reconcile that is entering receipts, nor a
// prune delete what a backup run is writing. The file holds the owner's pid, host, start time and
// operation, so a refusal says who holds it; a lock whose process is gone (killed, power cut) is
// taken over with a warning instead of blocking every night after. Runbook incidents keep their
// own locks (incident-<id>), taken through the same code.
import { closeSync, constants, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { StoreOpsError, describeCause, failure } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import { processAlive } from '../core/process-alive.js';

export type StoreOperation = 'backup-run' | 'backup-prune' | 'restore' | 'restore-undo' | 'reconcile-sales' | 'reconcile-stock';

export interface LockOwner {
  pid: number;
  host: string;
  started_at: string;
  operation: string;
}

export interface HeldLock {
  release(): void;
  /** Set when a dead run's lock was taken over. */
  takenOver: LockOwner | undefined;
}

const OPERATION_KEYS: Record<StoreOperation, string> = {
  'backup-run': 'backupRun', 'backup-prune': 'backupPrune', restore: 'restore', 'restore-undo': 'restoreUndo',
  'reconcile-sales': 'reconcileSales', 'reconcile-stock': 'reconcileStock',
};

const known = (operation: string): operation is StoreOperation => Object.hasOwn(OPERATION_KEYS, operation);

/** The operation's name in the catalogue ("a restore"), for warnings; undefined for one this version does not know. */
export function operationKey(operation: string): MessageKey | undefined {
  return known(operation) ? (`lock.op.${OPERATION_KEYS[operation]}` as MessageKey) : undefined;
}

export function isLockHeld(err: unknown): err is StoreOpsError {
  return err instanceof StoreOpsError && err.key.startsWith('lock.held.');
}

type Read = { owner: LockOwner } | 'missing' | { unreadable: string };

function readLock(file: string): Read {
  let text: string;
  try {
    const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    return { unreadable: describeCause(err) };
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(owner.pid) && typeof owner.host === 'string' && typeof owner.started_at === 'string' && typeof owner.operation === 'string') {
      return { owner: owner as LockOwner };
    }
  } catch {
    // fall through: not JSON
  }
  return { unreadable: 'not a store-ops lock' };
}

const sameOwner = (a: LockOwner, b: LockOwner) => a.pid === b.pid && a.host === b.host && a.started_at === b.started_at;

/**
 * Writes the owner to a private temporary file, then links it to the lock's name: link() creates
 * the name exclusively and never follows a link planted there, and the lock appears with its
 * content whole, so no other run ever reads a half-written lock and mistakes it for a dead one.
 */
function tryCreate(file: string, owner: LockOwner): boolean {
  const temp = `${file}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, JSON.stringify(owner));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Moves a dead owner's lock out of the way. Two runs may both have judged it dead: the second
 * one's rename may then catch the first one's fresh lock instead, so what was moved is read
 * again, and a lock that is not the dead one is linked back untouched.
 */
function removeDead(file: string, dead: LockOwner): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readLock(aside);
  try {
    if (!(typeof moved === 'object' && 'owner' in moved && sameOwner(moved.owner, dead))) linkSync(aside, file);
  } catch (err) {
    // EEXIST: a third run made its lock meanwhile; the next attempt reads and respects it.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
}

function refusal(owner: LockOwner): StoreOpsError {
  const params = { pid: owner.pid, host: owner.host, since: owner.started_at, operation: owner.operation };
  const key = (known(owner.operation) ? `lock.held.${OPERATION_KEYS[owner.operation]}` : 'lock.held.other') as MessageKey;
  const here = owner.host === os.hostname();
  return failure(key, params, { key: here ? 'hint.lockHolder' : 'hint.lockHolderElsewhere', params });
}

function lockFolder(stateDir: string): string {
  const dir = path.join(stateDir, 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!lstatSync(dir).isDirectory()) throw failure('lock.folderNotPrivate', { dir }, { key: 'hint.lockFolder', params: { dir } });
  return dir;
}

export function acquireLock(stateDir: string, name: string, operation: string, now = new Date()): HeldLock {
  const file = path.join(lockFolder(stateDir), `${name}.lock`);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started_at: now.toISOString(), operation };
  let takenOver: LockOwner | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, owner)) {
      return {
        takenOver,
        release: () => {
          const current = readLock(file);
          if (typeof current === 'object' && 'owner' in current && sameOwner(current.owner, owner)) unlinkSync(file);
        },
      };
    }
    const current = readLock(file);
    if (current === 'missing') continue;
    if ('unreadable' in current) throw failure('lock.unreadable', { file, problem: current.unreadable }, { key: 'hint.lockUnreadable', params: { file } });
    if (current.owner.host !== os.hostname() || processAlive(current.owner.pid)) throw refusal(current.owner);
    removeDead(file, current.owner);
    takenOver = current.owner;
  }
  throw failure('lock.contended', { file }, { key: 'hint.lockContended' });
}

/** The store-wide lock, held by every command that changes the store or its backups. */
export function acquireStoreLock(stateDir: string, operation: StoreOperation): HeldLock {
  return acquireLock(stateDir, 'store', operation);
}
