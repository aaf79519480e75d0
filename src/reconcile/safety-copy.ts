// When a change record cannot follow an --apply's writes (apply-guard.ts): before it writes
// anything, an online copy of the store database into <state_dir>/quarantine/<time>-reconcile/,
// made while the store keeps selling (snapshot.ts), and on disk (fsync) before the first write, so
// whatever reconcile does can be undone by hand.
// Its quarantine.json says `prepared` until the write commits, then `swapped` (the live database
// has changed since the copy).
import { mkdirSync } from 'node:fs';
import { fsyncFile } from '../core/atomic.js';
import path from 'node:path';
import { snapshotDatabase } from '../backup/snapshot.js';
import { openQuarantine, saveRecord, type QuarantineRecord } from '../restore/quarantine.js';

export interface SafetyCopy {
  dir: string;
  record: QuarantineRecord;
}

export async function safetyCopy(stateDir: string, database: string, operator: string, command: string): Promise<SafetyCopy> {
  const { dir, record } = openQuarantine(stateDir, 'reconcile', operator, command);
  const stored = path.join('databases', path.basename(database));
  mkdirSync(path.join(dir, 'databases'), { recursive: true, mode: 0o700 });
  await snapshotDatabase(database, path.join(dir, stored));
  fsyncFile(path.join(dir, stored));
  record.items.push({ original: database, stored });
  saveRecord(dir, record);
  return { dir, record };
}

export function markWritten(copy: SafetyCopy): void {
  copy.record.state = 'swapped';
  saveRecord(copy.dir, copy.record);
}
