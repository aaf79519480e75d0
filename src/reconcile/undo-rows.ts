// Reversing one table of a change record, row by row, against the store as it is now: the store
// kept selling after the apply, so a row is put back only as far as the apply alone changed it.
// A row the apply inserted goes only if it still holds exactly what the apply wrote; a number the
// apply changed moves back by the apply's own delta (a later sale's change stays); any other value
// goes back only if it is still what the apply wrote; a row the apply deleted comes back under its
// rowid if that is free. Whatever the store changed since is reported and left alone.
import type Database from 'better-sqlite3';
import { changesTable } from './change-record.js';
import { quoteName, type TrackedTable } from './change-tables.js';

type Value = null | bigint | number | string | Buffer;

export interface TableUndone {
  table: string;
  removed: number;
  reversed: number;
  reinserted: number;
}

export interface LeftRow {
  table: string;
  rowid: string;
  /** changed: no longer what the apply wrote; gone: deleted since; occupied: its rowid holds another row; referred: a row that stays refers to it. */
  reason: 'changed' | 'gone' | 'occupied' | 'referred';
  /** For a value left as the store changed it since. */
  column?: string;
}

const same = (a: Value, b: Value) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);
const sameRow = (a: readonly Value[], b: readonly Value[]) => a.every((v, i) => same(v, b[i]!));
const isNumber = (v: Value): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

/** Decimal places a person wrote: 2.35 has 2. Float noise from the subtraction is rounded away to the most of its operands. */
function places(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 15;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** now − (after − before): the apply's own change taken back, whatever else happened since. */
export function takeBack(now: number | bigint, after: number | bigint, before: number | bigint): number | bigint {
  if (typeof now === 'bigint' && typeof after === 'bigint' && typeof before === 'bigint') return now - (after - before);
  const [n, a, b] = [Number(now), Number(after), Number(before)];
  const digits = Math.min(15, Math.max(places(n), places(a), places(b)));
  return Number((n - (a - b)).toFixed(digits));
}

/** True when at least one row the apply inserted is in the store with what the apply wrote: its COMMIT happened. */
export function insertedRowsPresent(store: Database.Database, record: Database.Database, t: TrackedTable): boolean | undefined {
  const width = t.columns.length;
  const current = store.prepare(`SELECT ${t.columns.map(quoteName).join(', ')} FROM main.${quoteName(t.name)} WHERE ${t.rowid} = ?`).raw().safeIntegers();
  const inserted = record.prepare(`SELECT rid, ${t.columns.map((_, i) => `a${i}`).join(', ')} FROM ${changesTable(t.n)} WHERE had = 0 AND has = 1 LIMIT 100`).raw().safeIntegers();
  let any = false;
  for (const row of inserted.iterate() as IterableIterator<Value[]>) {
    any = true;
    const now = current.get(row[0]) as Value[] | undefined;
    if (now && sameRow(now, row.slice(1, 1 + width))) return true;
  }
  return any ? false : undefined;
}

/** `keep`: rows the apply inserted that must stay (undo-references.ts); each row removed is noted in `removed` (a TEMP table of rowids). */
export function undoTable(store: Database.Database, record: Database.Database, t: TrackedTable, keep: ReadonlySet<bigint>, removed: string, left: LeftRow[]): TableUndone {
  const width = t.columns.length;
  const cols = t.columns.map(quoteName);
  const on = `main.${quoteName(t.name)}`;
  const current = store.prepare(`SELECT ${cols.join(', ')} FROM ${on} WHERE ${t.rowid} = ?`).raw().safeIntegers();
  const remove = store.prepare(`DELETE FROM ${on} WHERE ${t.rowid} = ?`);
  const noteRemoved = store.prepare(`INSERT INTO temp.${removed} (rid) VALUES (?)`);
  const reinsert = store.prepare(`INSERT INTO ${on} (${t.rowid}, ${cols.join(', ')}) VALUES (?${', ?'.repeat(width)})`);
  const changes = record.prepare(`SELECT rid, had, has, ${[...t.columns.map((_, i) => `b${i}`), ...t.columns.map((_, i) => `a${i}`)].join(', ')} FROM ${changesTable(t.n)} ORDER BY rid DESC`).raw().safeIntegers();
  const updates = new Map<string, Database.Statement>();
  const update = (sets: string) => updates.get(sets) ?? updates.set(sets, store.prepare(`UPDATE ${on} SET ${sets} WHERE ${t.rowid} = ?`)).get(sets)!;
  const done: TableUndone = { table: t.name, removed: 0, reversed: 0, reinserted: 0 };
  const leave = (rowid: bigint, reason: LeftRow['reason'], column?: string) => left.push({ table: t.name, rowid: String(rowid), reason, ...(column === undefined ? {} : { column }) });
  for (const row of changes.iterate() as IterableIterator<Value[]>) {
    const rid = row[0] as bigint;
    const had = row[1] === 1n;
    const has = row[2] === 1n;
    const before = row.slice(3, 3 + width);
    const after = row.slice(3 + width, 3 + 2 * width);
    const now = current.get(rid) as Value[] | undefined;
    if (!had && !has) continue;
    if (!had) {
      if (!now) leave(rid, 'gone');
      else if (!sameRow(now, after)) leave(rid, 'changed');
      else if (keep.has(rid)) leave(rid, 'referred');
      else {
        remove.run(rid);
        noteRemoved.run(rid);
        done.removed++;
      }
    } else if (!has) {
      if (now) leave(rid, 'occupied');
      else {
        reinsert.run(rid, ...before);
        done.reinserted++;
      }
    } else if (!now) {
      leave(rid, 'gone');
    } else {
      const sets: string[] = [];
      const values: Value[] = [];
      t.columns.forEach((col, i) => {
        const [b, a, n] = [before[i]!, after[i]!, now[i]!];
        if (same(a, b)) return;
        let back: Value | undefined;
        if (same(n, a)) back = b;
        else if (isNumber(b) && isNumber(a) && isNumber(n)) back = takeBack(n, a, b);
        if (back === undefined) return leave(rid, 'changed', col);
        sets.push(`${quoteName(col)} = ?`);
        values.push(back);
      });
      if (sets.length > 0) {
        update(sets.join(', ')).run(...values, rid);
        done.reversed++;
      }
    }
  }
  return done;
}
