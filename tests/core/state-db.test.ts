// state.db holds the audit log (operators, backups, quarantine paths): 0600 with its -wal and
// -shm whatever the state folder's mode, an old 0644 one narrowed on the next command, and a
// link planted under its name never followed.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateDb } from '../../src/core/state-db.js';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const mode = (file: string) => statSync(file).mode & 0o777;

function storeWithStateDir(name: string): { dir: string; state: string; keys: () => ReturnType<typeof runCli> } {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'store-ops.yaml'), 'store:\n  id: SH-0012\n  name: 浦东店\ndatabases:\n  - name: main\n    path: ./store.db\nstate_dir: ./state\n');
  const state = path.join(dir, 'state');
  mkdirSync(state);
  chmodSync(state, 0o755);
  return { dir, state, keys: () => runCli(['--config', 'store-ops.yaml', 'keys', 'generate', '--out', 'k.txt'], { cwd: dir }) };
}

describe('the state database', () => {
  it('is created 0600 in a state folder that already exists as 0755, and left alone folder-wise', async () => {
    const s = storeWithStateDir('fresh');
    const r = await s.keys();
    expect(r.code).toBe(0);
    expect(mode(path.join(s.state, 'state.db'))).toBe(0o600);
    expect(mode(s.state)).toBe(0o755);
  });

  it('has its -wal and -shm 0600 while open', () => {
    const s = storeWithStateDir('journals');
    const db = openStateDb(s.state);
    try {
      db.prepare("INSERT INTO audit (at, operator, command, args, outcome) VALUES ('t', 'a', 'c', '[]', 'ok')").run();
      expect([mode(path.join(s.state, 'state.db')), mode(path.join(s.state, 'state.db-wal')), mode(path.join(s.state, 'state.db-shm'))]).toEqual([0o600, 0o600, 0o600]);
    } finally {
      db.close();
    }
  });

  it('made 0644 by an older store-ops, with its -wal and -shm, is narrowed to 0600 by the next command', async () => {
    const s = storeWithStateDir('older');
    const file = path.join(s.state, 'state.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    try {
      expect((await s.keys()).code).toBe(0);
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    } finally {
      old.close();
    }
  });

  it('is never a link planted under its name: the file it points to is not written', async () => {
    const s = storeWithStateDir('planted');
    const victim = path.join(s.dir, 'victim.txt');
    writeFileSync(victim, 'not a database');
    symlinkSync(victim, path.join(s.state, 'state.db'));
    const r = await s.keys();
    expect(r.stderr).toContain(`the state database ${path.join(s.state, 'state.db')} is not a plain file (a link or another kind of file)`);
    expect(readFileSync(victim, 'utf8')).toBe('not a database');
    expect(mode(victim)).not.toBe(0o600);
  });
});
