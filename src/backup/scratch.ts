// Where the database snapshots are made before packing. In memory (/dev/shm) when they fit with
// room to spare: the snapshot then costs no disk writes and no fsync, so the store's own commits
// are not queued behind a gigabyte of writeback (bench/results). Otherwise in the state folder.
// backup.snapshot_dir in the config overrides the choice. /dev/shm is shared by every local user,
// so the snapshot folder there is a fresh private one (run-folder.ts), never a fixed name such as
// /dev/shm/store-ops-0 that another user could have made first and kept reading from.
import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRunFolder } from '../core/run-folder.js';

const SHM = '/dev/shm';

/** A folder under which snapshot folders `<prefix>XXXXXX` are made. */
export interface ScratchPlace {
  root: string;
  prefix: string;
}

function fitsInMemory(bytes: number): boolean {
  try {
    const fs = statfsSync(SHM);
    const free = fs.bavail * fs.bsize;
    return free > bytes * 1.2 + 64e6 && os.freemem() > bytes * 1.5 + 256e6;
  } catch {
    return false;
  }
}

/** Where this run's snapshot folder goes, and every place a dead run may have left one. */
export function scratchPlaces(stateDir: string, configured: string | undefined, bytes: number): { use: ScratchPlace; all: ScratchPlace[] } {
  const onDisk: ScratchPlace = { root: path.join(stateDir, 'tmp'), prefix: 'backup-' };
  const inMemory: ScratchPlace = { root: SHM, prefix: 'store-ops-backup-' };
  const shm = existsSync(SHM);
  const use = configured !== undefined ? { root: configured, prefix: 'backup-' } : shm && fitsInMemory(bytes) ? inMemory : onDisk;
  for (const p of [use, onDisk]) if (p !== inMemory) mkdirSync(p.root, { recursive: true, mode: 0o700 });
  const all = [use, ...(use.root === onDisk.root ? [] : [onDisk]), ...(shm && use !== inMemory ? [inMemory] : [])];
  return { use, all };
}

export function makeSnapshotFolder(place: ScratchPlace): string {
  return makeRunFolder(place.root, place.prefix, 'backup run snapshot');
}
