// backup run under the conditions of a real night: the store system writing during the backup,
// a second run starting while one is under way, a run killed with SIGKILL, and inputs that are
// missing or wrong. A store database padded to ~40 MB and gzip keep each run a few seconds long.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
const lockFile = () => path.join(store.dir, '.store-ops', 'locks', 'store.lock');

function startRun(extra: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, '--config', store.config, ...extra, 'backup', 'run'], { cwd: tmp.dir, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

async function until(what: string, test: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const snapshotsUnderWay = () => {
  const root = path.join(store.dir, '.store-ops', 'tmp');
  return existsSync(root) ? readdirSync(root).filter((d) => existsSync(path.join(root, d, 'main.db'))) : [];
};
const partials = () => readdirSync(store.backups).filter((f) => f.includes('.partial-'));
const goodBackups = async () => {
  const r = await store.cli(['--json', 'backup', 'list']);
  return (JSON.parse(r.stdout) as { destinations: Array<{ backups: Array<{ name: string; good: boolean }> }> }).destinations[0]!.backups.filter((b) => b.good);
};

beforeAll(async () => {
  // Snapshots on disk in the state folder (not in memory), so the test can see the moment one is being made.
  store = await makeDemoStore(tmp.dir, 'shop', '  compression: gzip\n  snapshot_dir: ./.store-ops/tmp\n');
  const db = new Database(path.join(store.dir, 'store.db'));
  db.exec('CREATE TABLE attachments (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO attachments (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 40_000; i++) insert.run(randomBytes(500).toString('hex'));
  })();
  db.close();
});
afterAll(tmp.cleanup);

describe('backup run while the store keeps selling', () => {
  it('finishes, and its snapshot passes integrity_check with the row counts of its manifest', async () => {
    const writer = spawn(process.execPath, [path.join(ROOT, 'tests', 'helpers', 'sales-writer.mjs'), path.join(store.dir, 'store.db'), '10'], { cwd: ROOT });
    let out = '';
    writer.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await until('the writer to start', () => out.includes('started'));
    const run = await store.cli(['--json', 'backup', 'run']);
    writer.kill('SIGTERM');
    await new Promise((r) => writer.on('close', r));
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { id: string; duration_ms: number };
    const report = JSON.parse(out.split('\n').filter(Boolean).pop()!) as { commits: number; slowest_ms: number };
    expect(report.commits).toBeGreaterThan(result.duration_ms / 10 / 4);
    const verify = await store.cli(['--json', 'backup', 'verify', result.id]);
    expect(verify.code).toBe(0);
    const checks = (JSON.parse(verify.stdout) as { results: Array<{ checks: Array<{ check: string; ok: boolean; detail: string }> }> }).results[0]!.checks;
    expect(checks.find((c) => c.check === 'integrity_check main')).toMatchObject({ ok: true, detail: 'ok' });
    expect(checks.find((c) => c.check === 'row counts main')?.ok).toBe(true);
  });
});

describe('one backup at a time', () => {
  it('a second run while one is under way exits 1 naming the first', async () => {
    const first = startRun();
    await until('the first run to take its lock', () => existsSync(lockFile()));
    const second = await store.cli(['backup', 'run']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`^store-ops: a backup run is running \\(pid ${first.child.pid} on host \\S+, since \\d{4}-\\d\\d-\\d\\dT`));
    expect((await first.done).code).toBe(0);
  });
});

describe('a run killed with SIGKILL', () => {
  it.each([
    // The snapshot file, not merely the folder: a kill between mkdtemp and the marker write (a
    // window a loaded CI machine can stretch) leaves a folder no run can prove is its own.
    ['during the snapshot', () => snapshotsUnderWay().length > 0],
    ['while writing the archive', () => partials().length > 0],
  ])('%s leaves no listed backup, and the next run takes over its lock', async (_when, moment) => {
    const before = (await goodBackups()).map((b) => b.name);
    const run = startRun();
    await until('the moment to kill', moment);
    run.child.kill('SIGKILL');
    await run.done;
    expect((await goodBackups()).map((b) => b.name)).toEqual(before);
    expect(existsSync(lockFile())).toBe(true);
    const next = await store.cli(['backup', 'run']);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`took over the lock of a backup run that died (pid ${run.child.pid}`);
    expect(partials()).toEqual([]);
    expect(readdirSync(path.join(store.dir, '.store-ops', 'tmp'))).toEqual([]);
    expect((await goodBackups()).length).toBe(before.length + 1);
  });
});

describe('bad inputs are refused before any work', () => {
  function withConfig(name: string, edit: (text: string) => string): string {
    const file = path.join(store.dir, `${name}.yaml`);
    writeFileSync(file, edit(readFileSync(store.config, 'utf8')));
    return file;
  }

  it('a destination folder that is missing: named, and never created', async () => {
    const cfg = withConfig('missing-dest', (t) => t.replace('path: ./backups', 'path: ./usb-drive/backups'));
    const r = await store.cli(['--config', cfg, 'backup', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^store-ops: backup destination local \(.*usb-drive\/backups\) is not there/);
    expect(r.stderr).toContain('store-ops never creates it');
    expect(existsSync(path.join(store.dir, 'usb-drive'))).toBe(false);
  });

  it('a destination that cannot be written (a file where the folder should be)', async () => {
    writeFileSync(path.join(store.dir, 'not-a-folder'), '');
    const cfg = withConfig('file-dest', (t) => t.replace('path: ./backups', 'path: ./not-a-folder'));
    const r = await store.cli(['--config', cfg, 'backup', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a folder');
  });

  it('a folder nobody may write to (sysfs refuses new files even to root)', async () => {
    const cfg = withConfig('ro-dest', (t) => t.replace('path: ./backups', 'path: /sys/kernel'));
    const r = await store.cli(['--config', cfg, 'backup', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^store-ops: backup destination local \(\/sys\/kernel\) cannot be written: EACCES/);
  });

  it('a database file that is missing is named', async () => {
    const cfg = withConfig('missing-db', (t) => t.replace('path: ./store.db', 'path: ./gone.db'));
    const r = await store.cli(['--config', cfg, 'backup', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^store-ops: database main \(.*gone\.db\) cannot be found/);
  });

  it('a file that is not a database is named', async () => {
    writeFileSync(path.join(store.dir, 'notes.db'), 'this is not sqlite '.repeat(200));
    const cfg = withConfig('not-db', (t) => t.replace('path: ./store.db', 'path: ./notes.db'));
    const r = await store.cli(['--config', cfg, 'backup', 'run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/notes\.db is not a readable SQLite database/);
    expect(partials()).toEqual([]);
  });
});
