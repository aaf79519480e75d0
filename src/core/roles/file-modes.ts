// What owner, group and mode each of store-ops' own files should have for the roles, and making
// them so (store-ops setup-permissions). Groups are cumulative: every person who uses store-ops is
// in the viewer group, operators also in the operator group, managers in all three.
//   state folder, and all in it  root:<viewer>   2771 / 2770 / 0660  every role reads the ledger and writes its audit row
//   <state>/refusals             root:<viewer>   1773         anyone drops a refusal there, only the roles read it
//   signing key                  root:root       0600         only the nightly backup job (root) signs
//   age identity, if kept here   root:<manager>  0640         managers restore and verify deeply
//   backup folders (type: dir)   root:<operator> 2775 / 0644  operators write, prune deletes, anyone lists
//   metrics file (and folder)    root:<operator> 0664 (g+ws)  written by backup run, read by node_exporter
// The store's own databases are never touched. Links are never followed: a link planted where
// one of these should be is reported and left alone.
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { StoreConfig } from '../config/load.js';
import { DEFAULT_ROLES } from '../config/roles-schema.js';
import { REFUSALS_FOLDER } from '../audit-inbox.js';

export interface Wanted {
  path: string;
  kind: 'dir' | 'file';
  group: string;
  mode: number;
  /** Which rule of the table above: a message key suffix. */
  what: 'state' | 'signingKey' | 'identity' | 'backups' | 'metrics';
  /** Create the folder when it is missing. */
  create?: boolean;
}

export interface Change {
  path: string;
  what: Wanted['what'];
  outcome: 'changed' | 'created' | 'unchanged' | 'missing' | 'link';
  /** `root:group 2770`, before and after. */
  was?: string;
  now: string;
}

export function roleGroups(config: StoreConfig): { viewer: string; operator: string; manager: string } {
  const roles = config.roles ?? DEFAULT_ROLES;
  // A role listed by user names alone shares the files through the next role's group.
  const first = (r: 'viewer' | 'operator' | 'manager') => roles[r].groups[0];
  const manager = first('manager') ?? DEFAULT_ROLES.manager.groups[0]!;
  const operator = first('operator') ?? manager;
  return { viewer: first('viewer') ?? operator, operator, manager };
}

/**
 * The state folder's subfolders that every run makes its own folders or files in (the store lock,
 * scratch and staging, quarantine, upload records), made now so that they start shared: the
 * folders runs make inside them stay private to the run.
 */
const STATE_SUBFOLDERS = ['locks', 'tmp', 'quarantine', 'uploads'];
const REFUSALS_MODE = 0o1773;

/** The metrics folder is shared only when it holds nothing of the store's: not its config's, state or database folder. */
function ownMetricsFolder(config: StoreConfig, folder: string): boolean {
  const inside = (p: string) => p === folder || p.startsWith(folder + path.sep);
  return !inside(config.configDir) && !inside(config.state_dir) && !config.databases.some((db) => inside(db.path));
}

export function wantedModes(config: StoreConfig): Wanted[] {
  const g = roleGroups(config);
  const wanted: Wanted[] = [{ path: config.state_dir, kind: 'dir', group: g.viewer, mode: 0o2771, what: 'state', create: true }];
  const backup = config.backup;
  if (backup?.signing_key) wanted.push({ path: backup.signing_key, kind: 'file', group: 'root', mode: 0o600, what: 'signingKey' });
  if (backup?.identity) wanted.push({ path: backup.identity, kind: 'file', group: g.manager, mode: 0o640, what: 'identity' });
  for (const d of backup?.destinations ?? []) {
    if (d.type === 'dir') wanted.push({ path: d.path, kind: 'dir', group: g.operator, mode: 0o2775, what: 'backups', create: true });
  }
  if (backup?.metrics_file) {
    const folder = path.dirname(backup.metrics_file);
    if (ownMetricsFolder(config, folder)) wanted.push({ path: folder, kind: 'dir', group: g.operator, mode: 0o2775, what: 'metrics', create: true });
    wanted.push({ path: backup.metrics_file, kind: 'file', group: g.operator, mode: 0o664, what: 'metrics' });
  }
  return wanted;
}

const describe = (st: Stats, groupName: (gid: number) => string) => `${st.uid === 0 ? 'root' : st.uid}:${groupName(st.gid)} ${(st.mode & 0o7777).toString(8).padStart(4, '0')}`;

/**
 * Sets one path, and for the state folder everything inside it (folders 2770, files 0660), to
 * root and the group. The state folder itself is 2771 so that a person in no role can reach the
 * refusals inbox (1773) by name, and nothing else; the inbox's files keep the owner that says who
 * dropped them. `dryRun` says what would change without changing it.
 */
export function applyWanted(w: Wanted, gidOf: (group: string) => number, groupName: (gid: number) => string, dryRun: boolean): Change[] {
  const want = `root:${w.group} ${w.mode.toString(8).padStart(4, '0')}`;
  let st = lstatSync(w.path, { throwIfNoEntry: false });
  if (!st) {
    if (!w.create) return [{ path: w.path, what: w.what, outcome: 'missing', now: want }];
    if (!dryRun) mkdirSync(w.path, { recursive: true, mode: 0o700 });
    st = dryRun ? undefined : lstatSync(w.path);
    if (!st) return [{ path: w.path, what: w.what, outcome: 'created', now: want }];
  }
  if (st.isSymbolicLink() || (w.kind === 'dir' ? !st.isDirectory() : !st.isFile())) return [{ path: w.path, what: w.what, outcome: 'link', was: describe(st, groupName), now: want }];
  const gid = gidOf(w.group);
  const right = st.uid === 0 && st.gid === gid && (st.mode & 0o7777) === w.mode;
  const changes: Change[] = [{ path: w.path, what: w.what, outcome: right ? 'unchanged' : 'changed', was: describe(st, groupName), now: want }];
  if (!right && !dryRun) {
    chownSync(w.path, 0, gid);
    chmodSync(w.path, w.mode);
  }
  if (w.what === 'state' && w.kind === 'dir' && w.mode !== REFUSALS_MODE) {
    if (w.create && !dryRun) for (const sub of [...STATE_SUBFOLDERS, REFUSALS_FOLDER]) mkdirSync(path.join(w.path, sub), { recursive: true, mode: 0o700 });
    for (const name of readdirSync(w.path)) {
      const inner = path.join(w.path, name);
      const ist = lstatSync(inner);
      if (ist.isSymbolicLink() || !(ist.isDirectory() || ist.isFile())) continue;
      const mode = !ist.isDirectory() ? 0o660 : w.create && name === REFUSALS_FOLDER ? REFUSALS_MODE : 0o2770;
      changes.push(...applyWanted({ ...w, path: inner, kind: ist.isDirectory() ? 'dir' : 'file', mode, create: false }, gidOf, groupName, dryRun));
    }
  }
  return changes;
}
