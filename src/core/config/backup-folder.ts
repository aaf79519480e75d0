// The backup folder init names, made with the config so the first `backup run` has somewhere to
// write: owner-only (0700, backups are the store's whole data, if encrypted), and never over
// anything already there. A folder that exists is used as it is. Outside the config's folder a
// missing parent (a USB drive not mounted) is not made: a folder made on the wrong disk would take
// the backups there.
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeCause, usageError } from '../errors.js';
import { entryExists } from '../entry-exists.js';

export type BackupFolder =
  | { state: 'made' | 'exists'; dir: string }
  | { state: 'no-parent'; dir: string; parent: string }
  | { state: 'failed'; dir: string; problem: string };

/** Refuses, before init writes anything, a backup path that is there but is not a folder. */
export function checkBackupFolder(dir: string, shown: string): void {
  let isDir: boolean;
  try {
    lstatSync(dir);
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Nothing there: made after the config. A link to nowhere is something, and not a folder.
    if (code === 'ENOENT' && !entryExists(dir)) return;
    isDir = false;
  }
  if (!isDir) throw usageError('init.backupNotFolder', { dir: shown }, { key: 'hint.initBackupDir' });
}

export function makeBackupFolder(dir: string, configDir: string): BackupFolder {
  if (entryExists(dir)) return { state: 'exists', dir };
  const parent = path.dirname(dir);
  const inside = !path.relative(configDir, dir).startsWith('..') && !path.isAbsolute(path.relative(configDir, dir));
  if (!inside && !isFolder(parent)) return { state: 'no-parent', dir, parent };
  try {
    mkdirSync(dir, { mode: 0o700, recursive: inside });
  } catch (err) {
    // Made by someone else in between: theirs, used as it is.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { state: 'exists', dir };
    return { state: 'failed', dir, problem: describeCause(err) };
  }
  return { state: 'made', dir };
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
