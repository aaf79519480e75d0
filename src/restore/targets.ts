// Where each restored member goes: databases to the paths the config names today (falling back
// to where they were at backup time), files to where they were backed up from; with --target
// everything goes under one folder instead, laid out as in the archive.
import path from 'node:path';
import type { Manifest, ManifestMember } from '../backup/manifest.js';
import type { StoreConfig } from '../core/config/load.js';

export interface Selection {
  only?: 'db' | 'files';
  db?: string;
}

export interface RestoreTarget {
  member: string;
  kind: 'database' | 'file';
  database: string | undefined;
  live: string;
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

export function planTargets(manifest: Manifest, config: StoreConfig, s: Selection, targetDir: string | undefined): RestoreTarget[] {
  return manifest.members.filter((m) => wanted(m.name, s)).map((m: ManifestMember) => {
    const facts = manifest.databases.find((d) => d.member === m.name);
    const name = facts?.name;
    const configured = name ? config.databases.find((d) => d.name === name)?.path : undefined;
    const live = targetDir ? path.join(targetDir, ...m.name.split('/')) : (configured ?? m.source_path);
    return { member: m.name, kind: m.kind, database: name, live };
  });
}
