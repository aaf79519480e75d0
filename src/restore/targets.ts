// Where each restored member goes. Every live path comes from today's config, never from the
// archive (its source_path is information only): `databases/<name>.db` goes to the configured
// database of that name, `files/<rel>` (or `files/_absolute/<abs>`, see backup/members.ts) to the
// path it names only when that lies inside one of today's configured `files` roots and is not
// store data a file must never replace (store-data.ts). Anything else is listed as not restored,
// with the reason, and never written. With --target everything goes under one new folder
// instead, laid out as in the archive, and nothing live is touched.
import path from 'node:path';
import type { Manifest, ManifestMember } from '../backup/manifest.js';
import type { StoreConfig } from '../core/config/load.js';
import { filesRoots, inside } from './links.js';
import { storeDataReason, type StoreDataReason } from './store-data.js';

export interface Selection {
  only?: 'db' | 'files';
  db?: string;
}

export interface RestoreTarget {
  member: string;
  kind: 'database' | 'file';
  database: string | undefined;
  live: string;
  /** The mode the manifest recorded, for a file that does not exist yet. */
  mode: number;
}

export type NotRestoredReason = 'no-such-database' | 'unchecked-database' | 'outside-files' | 'unknown-member' | StoreDataReason;

export interface NotRestored {
  member: string;
  /** Where the member's name points, when it names a place at all. */
  live: string | null;
  reason: NotRestoredReason;
}

/** Whether a member is wanted, judged from its name alone (the manifest comes last in the archive). */
export function wanted(member: string, s: Selection): boolean {
  if (member.startsWith('databases/')) {
    if (s.only === 'files') return false;
    return s.db === undefined || member === `databases/${s.db}.db`;
  }
  if (member.startsWith('files/')) return s.only !== 'db' && s.db === undefined;
  return false;
}

const ABSOLUTE = 'files/_absolute/';

/** The inverse of memberNameFor: `_absolute` names a path outside the config folder, anything else one inside it. */
export function filePathOf(member: string, configDir: string): string {
  if (member.startsWith(ABSOLUTE)) {
    const absolute = path.resolve('/', member.slice(ABSOLUTE.length));
    if (!inside(configDir, absolute)) return absolute;
  }
  return path.resolve(configDir, member.slice('files/'.length));
}

const isDatabaseMember = (name: string) => /^databases\/[^/]+\.db$/.test(name);

export function planTargets(manifest: Manifest, config: StoreConfig, s: Selection, targetDir: string | undefined): { targets: RestoreTarget[]; notRestored: NotRestored[] } {
  const targets: RestoreTarget[] = [];
  const notRestored: NotRestored[] = [];
  const members = manifest.members.filter((m) => wanted(m.name, s) || !/^(databases|files)\//.test(m.name));
  if (targetDir) {
    for (const m of members.filter((x) => wanted(x.name, s))) {
      targets.push({ member: m.name, kind: isDatabaseMember(m.name) ? 'database' : 'file', database: undefined, live: path.join(targetDir, ...m.name.split('/')), mode: m.mode });
    }
    return { targets, notRestored };
  }
  const roots = filesRoots(config);
  const reasonFor = storeDataReason(config);
  for (const m of members) {
    const placed = placeMember(m, manifest, config, roots, reasonFor);
    if ('reason' in placed) notRestored.push(placed);
    else targets.push(placed);
  }
  return { targets, notRestored };
}

function placeMember(m: ManifestMember, manifest: Manifest, config: StoreConfig, roots: string[], storeDataAt: (live: string) => StoreDataReason | undefined): RestoreTarget | NotRestored {
  if (isDatabaseMember(m.name)) {
    const name = m.name.slice('databases/'.length, -'.db'.length);
    const configured = config.databases.find((d) => d.name === name);
    if (!configured) return { member: m.name, live: null, reason: 'no-such-database' };
    // Only a database whose integrity and row counts the manifest vouches for was checked in staging.
    if (!manifest.databases.some((d) => d.member === m.name)) return { member: m.name, live: configured.path, reason: 'unchecked-database' };
    return { member: m.name, kind: 'database', database: name, live: configured.path, mode: m.mode };
  }
  if (!m.name.startsWith('files/')) return { member: m.name, live: null, reason: 'unknown-member' };
  const live = filePathOf(m.name, config.configDir);
  if (!roots.some((r) => r === live || inside(r, live))) return { member: m.name, live, reason: 'outside-files' };
  const reason = storeDataAt(live);
  return reason ? { member: m.name, live, reason } : { member: m.name, kind: 'file', database: undefined, live, mode: m.mode };
}
