// Where the database snapshots are made before packing. In memory (/dev/shm) when they fit with
// room to spare: the snapshot then costs no disk writes and no fsync, so the store's own commits
// are not queued behind a gigabyte of writeback (bench/results). Otherwise in the state folder.
// backup.snapshot_dir in the config overrides the choice.
import { existsSync, mkdirSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SHM = '/dev/shm';

function fitsInMemory(bytes: number): boolean {
  try {
    const fs = statfsSync(SHM);
    const free = fs.bavail * fs.bsize;
    return free > bytes * 1.2 + 64e6 && os.freemem() > bytes * 1.5 + 256e6;
  } catch {
    return false;
  }
}

/** The folder under which `backup-<pid>` scratch folders are made, and the other place leftovers may be. */
export function scratchRoots(stateDir: string, configured: string | undefined, bytes: number): { use: string; all: string[] } {
  const onDisk = path.join(stateDir, 'tmp');
  const inMemory = path.join(SHM, `store-ops-${os.userInfo().uid}`);
  const use = configured ?? (existsSync(SHM) && fitsInMemory(bytes) ? inMemory : onDisk);
  mkdirSync(use, { recursive: true, mode: 0o700 });
  return { use, all: [...new Set([use, onDisk, ...(existsSync(inMemory) ? [inMemory] : [])])] };
}
