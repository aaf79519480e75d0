// Scratch and staging folders of a run (the backup's database snapshots, a restore's staged
// files): each is made fresh and private (mkdtemp, 0700, checked to be ours, never a predictable
// name another user could have made first), and gets a marker naming the run that made it.
// Cleaning up after runs that died removes a folder only when its marker says it is ours (this
// host, this user) and its process is gone: a folder that merely looks alike (restore-2023/, a
// user's backup-2024/) is never touched, and neither is one of a run still going. The one
// exception is a run killed between mkdtemp and its marker: an empty folder of ours with
// mkdtemp's exact name shape, untouched for a minute, holds nothing and is removed (rmdir, which
// refuses anything not empty).
import { closeSync, constants, fsyncSync, lstatSync, mkdtempSync, openSync, readFileSync, readdirSync, rmdirSync, writeSync, chmodSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { failure } from './errors.js';
import { processAlive } from './process-alive.js';

export const RUN_MARKER = '.store-ops-run.json';

export interface RunMarker {
  pid: number;
  host: string;
  started_at: string;
  purpose: string;
}

const uid = () => process.getuid?.() ?? -1;

function checkPrivate(dir: string, root: string): void {
  let st = lstatSync(dir);
  const problem = st.isSymbolicLink() || !st.isDirectory() ? 'not a folder' : st.uid !== uid() ? `owned by uid ${st.uid}` : undefined;
  if (problem) throw failure('run.folderNotPrivate', { dir, problem }, { key: 'hint.runFolder', params: { root } });
  // A strict umask can leave mkdtemp's 0700 narrower; it is our new folder, so set it exactly.
  if ((st.mode & 0o777) !== 0o700) {
    chmodSync(dir, 0o700);
    st = lstatSync(dir);
    if ((st.mode & 0o777) !== 0o700) throw failure('run.folderNotPrivate', { dir, problem: `mode ${(st.mode & 0o777).toString(8)}` }, { key: 'hint.runFolder', params: { root } });
  }
}

/** A new private folder `<root>/<prefix>XXXXXX` with this run's marker in it. */
export function makeRunFolder(root: string, prefix: string, purpose: string, now = new Date()): string {
  const dir = mkdtempSync(path.join(root, prefix));
  checkPrivate(dir, root);
  const marker: RunMarker = { pid: process.pid, host: os.hostname(), started_at: now.toISOString(), purpose };
  const fd = openSync(path.join(dir, RUN_MARKER), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, JSON.stringify(marker));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return dir;
}

function readMarker(dir: string): RunMarker | undefined {
  try {
    const fd = openSync(path.join(dir, RUN_MARKER), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const m = JSON.parse(readFileSync(fd, 'utf8')) as Partial<RunMarker>;
      return Number.isInteger(m.pid) && typeof m.host === 'string' ? (m as RunMarker) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Removes the folders `<root>/<prefix>…` left by runs that died (SIGKILL, power cut): only those
 * that are ours and carry a marker naming this host and a process that is gone. Returns them.
 */
export async function clearDeadRunFolders(root: string, prefix: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const cleared: string[] = [];
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const dir = path.join(root, name);
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st?.isDirectory() || st.uid !== uid()) continue;
    const marker = readMarker(dir);
    if (!marker) {
      if (unmarkedLeftover(dir, name.slice(prefix.length), st, now)) cleared.push(dir);
      continue;
    }
    if (marker.host !== os.hostname() || processAlive(marker.pid)) continue;
    await rm(dir, { recursive: true, force: true });
    cleared.push(dir);
  }
  return cleared;
}

const MKDTEMP_TAIL = /^[A-Za-z0-9]{6}$/;
const UNMARKED_GRACE_MS = 60_000;

/** Removes the empty folder a run killed before its marker left; true when it did. */
function unmarkedLeftover(dir: string, tail: string, st: Stats, now: number): boolean {
  if (!MKDTEMP_TAIL.test(tail) || now - st.mtimeMs < UNMARKED_GRACE_MS) return false;
  try {
    rmdirSync(dir);
  } catch {
    return false;
  }
  return true;
}
