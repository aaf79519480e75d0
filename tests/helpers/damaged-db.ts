// A store database as a failing disk leaves it, and SQLite's own word on whether it is whole.
import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';

/** Zeroes a run of pages in the middle of the file: what a failing disk leaves. */
export function damage(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 40 * 4096);
  closeSync(fd);
}

/** `PRAGMA quick_check` on the file: "ok", or what SQLite says is wrong. */
export function quickCheck(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('quick_check', { simple: true }) as string;
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
}
