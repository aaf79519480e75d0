// Who owns a restored file. A store system usually runs as its own user: a database put back as
// root 0600 would leave the store unable to open it. So a restored file takes the owner, group
// and mode of the file it replaces; a file that did not exist takes its folder's owner and group
// and the mode the manifest recorded (without setuid, setgid or sticky bits: an archive must not
// be able to plant a privileged program).
import { chmodSync, chownSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeCause, failure } from '../core/errors.js';
import { entryExists } from '../core/entry-exists.js';

export interface Ownership {
  uid: number;
  gid: number;
  /** Permission bits, e.g. 0o664. */
  mode: number;
}

export function ownershipOf(file: string): Ownership {
  const s = lstatSync(file);
  return { uid: s.uid, gid: s.gid, mode: s.mode & 0o7777 };
}

/** The nearest folder that exists on the way up from `dir` (itself included). */
function nearestFolder(dir: string): string {
  let at = dir;
  while (!entryExists(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}

/** What the restored file at `live` will get: the replaced file's ownership, or its folder's owner and the manifest mode. */
export function ownershipFor(live: string, manifestMode: number): Ownership {
  if (entryExists(live)) return ownershipOf(live);
  const folder = statSync(nearestFolder(path.dirname(live)));
  return { uid: folder.uid, gid: folder.gid, mode: manifestMode & 0o777 };
}

/** What a --target restore gives a file: the caller owns it, with the manifest mode. */
export function callersOwnership(manifestMode: number): Ownership {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, mode: manifestMode & 0o777 };
}

/**
 * Gives `file` its owner, group and mode. chown comes first because it clears setuid and setgid
 * bits. `live` names the file for the error: a user other than root can only keep owners it may
 * give, and must hear so before anything is replaced.
 */
export function applyOwnership(file: string, o: Ownership, live = file): void {
  try {
    const s = lstatSync(file);
    if (s.uid !== o.uid || s.gid !== o.gid) chownSync(file, o.uid, o.gid);
    chmodSync(file, o.mode);
  } catch (err) {
    throw failure('restoreSafety.cannotKeepOwner', { file: live, owner: `${o.uid}:${o.gid}`, mode: formatMode(o.mode), problem: describeCause(err) }, { key: 'hint.restoreAsRoot' });
  }
}

/** Creates the missing folders above a restored file, each owned like the folder it is made in. */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !entryExists(at) && path.dirname(at) !== at; at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    const parent = statSync(path.dirname(folder));
    mkdirSync(folder, { mode: 0o755 });
    // Only root can give a folder away; anyone else makes folders that are theirs anyway.
    if (process.getuid?.() === 0) chownSync(folder, parent.uid, parent.gid);
  }
}

export const formatMode = (mode: number) => `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
