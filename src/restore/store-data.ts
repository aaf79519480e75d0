// Store data that a file member may never replace, whatever an archive says: the databases and
// their -wal/-shm/-journal (they come back only as consistent snapshots from databases/, never as
// the raw copy a `files: ["./"]` backup holds), store-ops' state folder, the backup destinations,
// and the register journals and paper records (they hold the sales made after the backup, which
// reconcile puts back; an older copy on top would lose them).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { StoreConfig } from '../core/config/load.js';
import { inside } from './links.js';
import { COMPANIONS } from './place.js';

export type StoreDataReason = 'database-file' | 'state-folder' | 'destination' | 'journal' | 'manual-record';

/** The path with every link in the part that exists resolved, so two spellings of one file compare equal. */
export function canonical(p: string): string {
  const rest: string[] = [];
  for (let at = path.resolve(p); ; at = path.dirname(at)) {
    try {
      return path.join(realpathSync(at), ...rest);
    } catch {
      if (path.dirname(at) === at) return path.resolve(p);
      rest.unshift(path.basename(at));
    }
  }
}

export interface StoreData {
  reasonFor: (live: string) => StoreDataReason | undefined;
}

export async function storeData(config: StoreConfig): Promise<StoreData> {
  const databases = new Set(config.databases.flatMap((d) => [d.path, ...COMPANIONS.map((s) => d.path + s)]).map(canonical));
  const state = canonical(config.state_dir);
  const destinations = (config.backup?.destinations ?? []).map((d) => canonical(d.path));
  const matches = async (globs: readonly string[]) => new Set(globs.length === 0 ? [] : (await glob([...globs], { absolute: true, onlyFiles: true, expandDirectories: false })).map(canonical));
  const journals = await matches(config.journals);
  const records = await matches(config.manual_records);
  return {
    reasonFor(live) {
      const p = canonical(live);
      if (databases.has(p)) return 'database-file';
      if (p === state || inside(state, p)) return 'state-folder';
      if (destinations.some((d) => p === d || inside(d, p))) return 'destination';
      if (journals.has(p)) return 'journal';
      if (records.has(p)) return 'manual-record';
      return undefined;
    },
  };
}
