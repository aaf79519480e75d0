// SIGKILL at random moments of a restore, again and again: afterwards the live database is
// exactly the old file or exactly the restored one, passes integrity_check, and whenever it is
// the restored one the old one is in quarantine. A database padded to ~15 MB gives each restore
// a window of half a second or so to be killed in (the moments are drawn from its measured length).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

// Half the moments anywhere in the run, half in its last 40 %, where the quarantine and the swap
// happen: fewer rounds than uniform sampling needs to hit the swap as often.
const ROUNDS = 12;
const moment = (round: number, fullMs: number) => Math.floor(fullMs * (round % 2 === 0 ? Math.random() : 0.6 + 0.4 * Math.random()));
const tmp = tempDir();
let store: DemoStore;
let oldSha: string;
let newSha: string;
const live = () => path.join(store.dir, 'store.db');
const pristineOld = () => path.join(tmp.dir, 'old.db');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function runRestore(): { kill: () => void; done: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, '--config', store.config, 'restore', '--latest', '--yes'], { cwd: tmp.dir, stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
  return { kill: () => child.kill('SIGKILL'), done: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function quarantinedCopies(): string[] {
  const root = path.join(store.dir, '.store-ops', 'quarantine');
  if (!existsSync(root)) return [];
  return readdirSync(root).map((q) => path.join(root, q, 'databases', 'main.db')).filter(existsSync).map(sha);
}

function resetToOld(): void {
  for (const s of ['-wal', '-shm']) rmSync(live() + s, { force: true });
  copyFileSync(pristineOld(), live());
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const db = new Database(live());
  db.exec('CREATE TABLE attachments (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO attachments (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 15_000; i++) insert.run(randomBytes(500).toString('hex'));
  })();
  db.close();
  const r = await store.cli(['--json', 'backup', 'run']);
  expect(r.code).toBe(0);
  // After the backup the store moves on: the old state (live before each restore) differs from the backup.
  const after = new Database(live());
  after.exec("INSERT INTO attachments (body) VALUES ('sold after the backup')");
  after.pragma('wal_checkpoint(TRUNCATE)');
  after.close();
  for (const s of ['-wal', '-shm']) rmSync(live() + s, { force: true });
  copyFileSync(live(), pristineOld());
  oldSha = sha(live());
});
afterAll(tmp.cleanup);

describe('a restore killed with SIGKILL', () => {
  it(`leaves the old or the restored database, never a mixture (${ROUNDS} random moments)`, async () => {
    const started = Date.now();
    expect(await runRestore().done).toBe(0);
    const fullMs = Date.now() - started;
    newSha = sha(live());
    expect(newSha).not.toBe(oldSha);
    const seen = { old: 0, restored: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      resetToOld();
      const run = runRestore();
      await new Promise((r) => setTimeout(r, moment(round, fullMs)));
      run.kill();
      await run.done;
      const now = sha(live());
      expect([oldSha, newSha], `round ${round}`).toContain(now);
      expect(integrity(live()), `round ${round}`).toBe('ok');
      if (now === newSha) {
        seen.restored++;
        expect(quarantinedCopies(), `round ${round}: the old database is in quarantine`).toContain(oldSha);
      } else {
        seen.old++;
      }
    }
    // The moments are random; say what was hit, so a run that only ever killed early is visible.
    console.info(`SIGKILL rounds: ${seen.old} left the old database, ${seen.restored} the restored one`);
    resetToOld();
    const after = await runRestore().done;
    expect(after).toBe(0);
    expect(sha(live())).toBe(newSha);
  }, 240_000);
});
