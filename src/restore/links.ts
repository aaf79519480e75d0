// No restore writes through a link. Someone who can write in the store's folders could replace
// `config/` with a link to /etc and have root write there. So, before anything is touched, every
// folder from where the config places a file down to the file must be a real folder, and the file
// itself, when it exists, a regular file. The config folder itself is where the admin put the
// store, and a database configured outside it is checked as the file alone: both are the admin's
// own choice, links included.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { StoreConfig } from '../core/config/load.js';
import { failure, type Hint } from '../core/errors.js';
import { within } from '../core/store-paths.js';

/** True when `p` lies strictly inside folder `root` (both absolute and normalised). */
export const inside = (root: string, p: string): boolean => p !== root && within(p, root);

export const filesRoots = (config: StoreConfig) => config.files.map((f) => path.resolve(f));

/** Where the check of a live path starts, and whether that starting folder is checked too. */
function checkedFrom(config: StoreConfig, live: string): { root: string; inclusive: boolean } {
  if (inside(config.configDir, live)) return { root: config.configDir, inclusive: false };
  const root = filesRoots(config).filter((r) => inside(r, live)).sort((a, b) => b.length - a.length)[0];
  return root ? { root, inclusive: true } : { root: path.dirname(live), inclusive: false };
}

function lstatOrNone(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** False when the folder does not exist (the restore creates it); throws on a link or a non-folder. */
function realFolder(p: string, hint: Hint): boolean {
  const s = lstatOrNone(p);
  if (!s) return false;
  if (s.isSymbolicLink()) throw failure('restoreSafety.link', { path: p, target: readlinkSync(p) }, hint);
  if (!s.isDirectory()) throw failure('restoreSafety.notFolder', { path: p }, hint);
  return true;
}

/** Throws, naming the path, when writing `live` would go through a link or onto something that is not a file. */
export function assertNoLinks(config: StoreConfig, live: string): void {
  const { root, inclusive } = checkedFrom(config, live);
  const hint = (p: string): Hint => ({ key: 'hint.restoreLink', params: { path: p, config: config.configFile } });
  if (inclusive && !realFolder(root, hint(root))) return;
  let at = root;
  for (const part of path.relative(root, live).split(path.sep).slice(0, -1)) {
    at = path.join(at, part);
    if (!realFolder(at, hint(at))) return;
  }
  const s = lstatOrNone(live);
  if (s?.isSymbolicLink()) throw failure('restoreSafety.link', { path: live, target: readlinkSync(live) }, hint(live));
  if (s && !s.isFile()) throw failure('restoreSafety.notRegular', { path: live }, hint(live));
}
