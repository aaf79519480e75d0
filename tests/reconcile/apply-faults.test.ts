// --apply when something goes wrong half-way: a real failure inside the transaction (a trigger
// that RAISEs on the Nth insert, as a full disk or a constraint would) rolls everything back, and
// a store system holding the write lock makes --apply give up cleanly. Nothing is ever half-applied.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { digest, exec, json, quarantines, query, shopPerFile, type Shop } from './store-fixture.js';

const tmp = tempDir();
const { fresh } = shopPerFile(tmp.dir);
afterAll(tmp.cleanup);

/** Makes the Nth insert into `table` from now on fail, the way SQLite reports a real error. */
function failOnInsert(s: Shop, table: string, nth: number): void {
  const have = query<{ n: number }>(s.db, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
  exec(s.db, `CREATE TRIGGER injected_failure BEFORE INSERT ON ${table} WHEN (SELECT count(*) FROM ${table}) >= ${have + nth - 1}
    BEGIN SELECT RAISE(ABORT, 'injected failure on insert ${nth}'); END;`);
}

describe('a failure inside --apply', () => {
  it('reconcile sales: a failure on the 50th stock movement rolls back every receipt, line, movement and stock change', async () => {
    const s = fresh();
    failOnInsert(s, 'stock_movements', 50);
    const before = digest(s.db);
    const r = await s.cli(['reconcile', 'sales', '--apply']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('store-ops: writing to store.db failed and was rolled back entirely; nothing was changed: writes.movement: injected failure on insert 50 (SQLITE_CONSTRAINT_TRIGGER)');
    expect(digest(s.db)).toBe(before);
    expect(r.stderr).toContain('→ fix the cause and run the command again');
    // The record is sealed only once every write went in: a rolled-back apply leaves none to undo.
    expect(quarantines(s)).toEqual([]);
    const audit = readAudit(s.stateDir).find((a) => a.command === 'reconcile sales')!;
    expect(audit.outcome).toBe('failed');
    expect(audit.details.quarantine).toBeNull();

    exec(s.db, 'DROP TRIGGER injected_failure');
    const again = json(await s.cli(['--json', 'reconcile', 'sales', '--apply']));
    expect(again.apply.receipts).toBe(s.planted.journal.journal_only_receipts);
  });

  it('reconcile stock: a failure on the 3rd adjustment rolls back the stocktake and every adjustment', async () => {
    const s = fresh();
    failOnInsert(s, 'stock_movements', 3);
    const before = digest(s.db);
    const r = await s.cli(['reconcile', 'stock', '--count', s.planted.physical_count.file, '--apply']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed and was rolled back entirely; nothing was changed: writes.movement: injected failure on insert 3 (SQLITE_CONSTRAINT_TRIGGER)');
    expect(digest(s.db)).toBe(before);
    expect(readAudit(s.stateDir).find((a) => a.command === 'reconcile stock')!.outcome).toBe('failed');
  });
});

describe('a store system holding the write lock', () => {
  let holder: ChildProcess | undefined;
  afterAll(() => {
    holder?.kill('SIGKILL');
  });

  it('--apply waits for it, then gives up cleanly with nothing changed', async () => {
    const s = fresh();
    const before = digest(s.db);
    // A writer in the middle of a long transaction: it holds the lock for 20 s, longer than reconcile waits.
    holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(s.db)});
      db.exec("BEGIN IMMEDIATE; UPDATE stock SET on_hand = on_hand WHERE rowid = 1");
      process.stdout.write('locked\\n');
      setTimeout(() => db.exec('ROLLBACK'), 20000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder!.stdout!.once('data', () => resolve()));
    const r = await s.cli(['reconcile', 'sales', '--apply']);
    holder.kill('SIGKILL');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('store-ops: the store database store.db stayed locked by another writer; nothing was changed');
    expect(r.stderr).toContain('→ the store system is in the middle of a long write');
    expect(digest(s.db)).toBe(before);
    expect(existsSync(path.join(s.stateDir, 'quarantine'))).toBe(false);
  });
});
