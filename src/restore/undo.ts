// restore --undo: puts back what the newest restore replaced, keeping the current state in a new
// quarantine folder first, so undoing costs nothing either and can itself be undone by hand. Each
// file goes back with the owner, group and mode it had, and never through a link.
import { existsSync, linkSync, copyFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { acquireStoreLock, type LockOwner } from '../backup/lock.js';
import type { LiveCheck } from './live-check.js';
import type { StoreConfig } from '../core/config/load.js';
import { usageError } from '../core/errors.js';
import { checkNotInUse } from './restore.js';
import { assertNoLinks } from './links.js';
import { applyOwnership, ownershipOf, type Ownership } from './ownership.js';
import { COMPANIONS, liveIntegrity, placeFile, removeCompanions, settleWal } from './place.js';
import { keep, listQuarantine, openQuarantine, saveRecord, type QuarantinedItem } from './quarantine.js';

export interface UndoResult {
  undone: string;
  backup: string;
  /** When the undone restore was made. */
  restored_at: string;
  quarantine: string;
  put_back: string[];
  moved_aside: string[];
  live_checks: LiveCheck[];
  /** The store lock of a run that died, taken over by this undo. */
  lock_taken_over: LockOwner | null;
}

const isCompanion = (file: string) => COMPANIONS.some((s) => file.endsWith(s));

/** What the file had where it lived; a record written before owners were kept falls back to the quarantined file's. */
const ownerOf = (item: QuarantinedItem, stored: string): Ownership =>
  item.uid !== undefined && item.gid !== undefined && item.mode !== undefined ? { uid: item.uid, gid: item.gid, mode: item.mode } : ownershipOf(stored);

/** The restore an undo would revert, as the person confirming it reads it. */
export interface UndoCandidate {
  id: string;
  backup: string;
  created: string;
  operator: string;
  files: string[];
}

/**
 * The restore to revert: the newest one not undone yet, or the one named, which must be that same
 * one (undoing an older restore under a newer one would put back a mixture of the two).
 */
function pickRestore(stateDir: string, id: string | undefined) {
  const dir = path.join(stateDir, 'quarantine');
  const restores = listQuarantine(stateDir).filter((q) => q.record.reason === 'restore');
  const newest = restores.find((q) => q.record.state !== 'undone');
  if (id === undefined) {
    if (!newest) throw usageError('restore.nothingToUndo', { dir });
    return newest;
  }
  const named = restores.find((q) => q.record.id === id);
  if (!named) throw usageError('restore.noSuchRestore', { id, dir }, { key: 'hint.restoreUndoIds', params: { dir } });
  if (named.record.state === 'undone') throw usageError('restore.alreadyUndone', { id });
  if (newest && newest.record.id !== id) throw usageError('restore.newerRestore', { id, newer: newest.record.id });
  return named;
}

export async function undoRestore(
  config: StoreConfig, operator: string, force: boolean,
  opts: { id?: string | undefined; confirm?: (c: UndoCandidate) => Promise<boolean> } = {},
): Promise<UndoResult | undefined> {
  const last = pickRestore(config.state_dir, opts.id);
  const candidate: UndoCandidate = {
    id: last.record.id, backup: last.record.source, created: last.record.created, operator: last.record.operator,
    files: last.record.items.filter((i) => !isCompanion(i.original)).map((i) => i.original),
  };
  checkNotInUse(config, {}, force);
  if (opts.confirm && !(await opts.confirm(candidate))) return undefined;
  const lock = acquireStoreLock(config.state_dir, 'restore-undo');
  try {
    const mains = last.record.items.filter((i) => !isCompanion(i.original));
    const databases = new Set(config.databases.map((d) => d.path));
    for (const live of [...last.record.items.map((i) => i.original), ...last.record.absent]) {
      assertNoLinks(config, live);
      if (databases.has(live)) for (const s of COMPANIONS) assertNoLinks(config, live + s);
    }
    // The quarantined files get their owners back first (a copy made across filesystems lost
    // them), so one that cannot be given stops the undo before anything moves.
    for (const item of last.record.items) applyOwnership(path.join(last.dir, item.stored), ownerOf(item, path.join(last.dir, item.stored)), item.original);
    const { dir, record } = openQuarantine(config.state_dir, 'undo', operator, last.record.id);
    for (const live of [...mains.map((i) => i.original), ...last.record.absent]) {
      if (databases.has(live)) settleWal(live);
      if (existsSync(live)) keep(dir, record, live, path.relative('/', live));
      if (databases.has(live)) for (const s of COMPANIONS) if (existsSync(live + s)) keep(dir, record, live + s, path.relative('/', live + s));
    }
    saveRecord(dir, record);
    for (const live of last.record.absent) if (existsSync(live)) unlinkSync(live);
    for (const item of last.record.items) {
      if (databases.has(item.original)) removeCompanions(item.original);
    }
    for (const item of [...mains, ...last.record.items.filter((i) => isCompanion(i.original))]) {
      // Link (or copy) out of the quarantine, so the quarantined copy stays where it is.
      const beside = path.join(path.dirname(item.original), `.${path.basename(item.original)}.undo-${process.pid}`);
      const stored = path.join(last.dir, item.stored);
      try {
        linkSync(stored, beside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        copyFileSync(stored, beside);
        applyOwnership(beside, ownerOf(item, stored), item.original);
      }
      placeFile(beside, item.original);
    }
    record.state = 'swapped';
    saveRecord(dir, record);
    last.record.state = 'undone';
    saveRecord(last.dir, last.record);
    const liveChecks: LiveCheck[] = [];
    for (const item of mains.filter((i) => databases.has(i.original))) {
      const check = await liveIntegrity(item.original, `quick_check ${item.original}`);
      liveChecks.push({ ...check, database: config.databases.find((d) => d.path === item.original)?.name ?? item.original, file: item.original, depth: 'quick_check' });
    }
    return {
      undone: last.record.id, backup: last.record.source, restored_at: last.record.created, quarantine: dir,
      put_back: last.record.items.map((i) => i.original), moved_aside: record.items.map((i) => i.original), live_checks: liveChecks,
      lock_taken_over: lock.takenOver ?? null,
    };
  } finally {
    lock.release();
  }
}
