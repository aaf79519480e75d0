// Store data that a file member may never replace, whatever an archive says: the databases and
// their -wal/-shm/-journal (they come back only as consistent snapshots from databases/, never as
// the raw copy a `files: ["./"]` backup holds), store-ops' state folder, the backup destinations,
// and the register journals and paper records (they hold the sales made after the backup, which
// reconcile puts back; an older copy on top would lose them). What counts as each is decided in
// one place for every command (core/store-paths.ts).
import type { StoreConfig } from '../core/config/load.js';
import { overlapOf, storeAreas, type AreaKind } from '../core/store-paths.js';

export type StoreDataReason = 'database-file' | 'state-folder' | 'destination' | 'journal' | 'manual-record';

const REASONS: Partial<Record<AreaKind, StoreDataReason>> = {
  database: 'database-file',
  state: 'state-folder',
  destination: 'destination',
  journals: 'journal',
  manual: 'manual-record',
};

/** Why a restored file may not be written at `live`, or undefined when it may. */
export function storeDataReason(config: StoreConfig): (live: string) => StoreDataReason | undefined {
  const areas = storeAreas(config).filter((a) => REASONS[a.kind] !== undefined);
  return (live) => {
    const hit = overlapOf(live, 'file', areas);
    return hit ? REASONS[hit.area.kind] : undefined;
  };
}
