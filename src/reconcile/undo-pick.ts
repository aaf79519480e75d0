// Which reconcile --apply `reconcile undo [ID]` reverses: the one named, else the newest whose
// change record has not been undone (nor found never to have committed). Safety copies of
// restores and of applies that could not keep a change record are not its business.
import path from 'node:path';
import { usageError } from '../core/errors.js';
import { listQuarantine, quarantineRoot, type ChangeRecordRef, type QuarantineRecord } from '../restore/quarantine.js';

export interface PickedApply {
  dir: string;
  record: QuarantineRecord & { changes: ChangeRecordRef };
}

const hasChanges = (q: { record: QuarantineRecord }): q is { dir: string; record: PickedApply['record'] } => q.record.reason === 'reconcile' && q.record.changes !== undefined;

export function pickApply(stateDir: string, id: string | undefined): PickedApply {
  const root = quarantineRoot(stateDir);
  const all = listQuarantine(stateDir).filter((q) => q.record.reason === 'reconcile');
  if (id !== undefined) {
    const named = all.find((q) => q.record.id === id || path.basename(q.dir) === id);
    if (!named) throw usageError('reconcile.undoUnknown', { id, dir: root }, { key: 'hint.undoIds', params: { dir: root } });
    if (!hasChanges(named)) throw usageError('reconcile.undoIsCopy', { id, dir: named.dir }, { key: 'hint.undoCopy' });
    if (named.record.state === 'undone') throw usageError('reconcile.undoAlready', { id, at: named.record.changes.undone_at ?? '' });
    return named;
  }
  const records = all.filter(hasChanges);
  const open = records.find((q) => q.record.state === 'prepared' || q.record.state === 'swapped');
  if (open) return open;
  const last = records.find((q) => q.record.state === 'undone');
  if (last) throw usageError('reconcile.undoAlready', { id: last.record.id, at: last.record.changes.undone_at ?? '' });
  throw usageError('reconcile.undoNothing', { dir: root });
}
