// One writer at a time: a real second process holds the store lock as one operation, and every
// other command that changes the store or its backups is refused naming that operation, with
// the database and the backups byte-identical; when the holder is killed, the next command
// takes the lock over with a warning and does its work.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { holdLock } from '../helpers/lock-holder.js';

const tmp = tempDir();
let store: DemoStore;
const stateDir = () => path.join(store.dir, '.store-ops');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const database = () => sha(path.join(store.dir, 'store.db'));
const backups = () => readdirSync(store.backups).sort();
const countFile = () => path.join(store.dir, 'counts', readdirSync(path.join(store.dir, 'counts'))[0]!);

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  expect((await store.cli(['backup', 'run'])).code).toBe(0);
});
afterAll(tmp.cleanup);

describe('a restore holding the store lock', () => {
  it('makes reconcile sales --apply, prune and backup run exit 1 naming the restore, and changes nothing', async () => {
    const holder = await holdLock(stateDir(), 'restore');
    try {
      expect(holder.report.held).toBe(true);
      const db = database();
      const files = backups();
      const refused = new RegExp(`^store-ops: a restore is running \\(pid ${holder.pid} on host \\S+, since \\d{4}-\\d\\d-\\d\\dT[^)]*\\); wait for it to finish\\n→ see what it is doing: ps -o pid,lstart,args -p ${holder.pid}\\n$`);
      for (const args of [['reconcile', 'sales', '--apply'], ['reconcile', 'stock', '--count', countFile(), '--apply'], ['backup', 'prune'], ['backup', 'run']]) {
        const r = await store.cli(args);
        expect({ args, code: r.code, stderr: r.stderr }).toMatchObject({ code: 1, stderr: expect.stringMatching(refused) });
        expect(r.stdout).toBe('');
      }
      expect(database()).toBe(db);
      expect(backups()).toEqual(files);
    } finally {
      await holder.kill();
    }
  });

  it('is named in Chinese with --lang zh', async () => {
    const holder = await holdLock(stateDir(), 'restore');
    try {
      const r = await store.cli(['--lang', 'zh', 'reconcile', 'sales', '--apply']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`store-ops: 恢复正在进行（主机 `);
      expect(r.stderr).toContain(`上的进程 ${holder.pid}，开始于 `);
      expect(r.stderr).toContain(`→ 查看它在做什么：ps -o pid,lstart,args -p ${holder.pid}`);
    } finally {
      await holder.kill();
    }
  });

  it('leaves read-only work alone: prune --dry-run and restore --dry-run still run', async () => {
    const holder = await holdLock(stateDir(), 'restore');
    try {
      expect((await store.cli(['backup', 'prune', '--dry-run'])).code).toBe(0);
      expect((await store.cli(['restore', '--latest', '--dry-run'])).code).toBe(0);
    } finally {
      await holder.kill();
    }
  });
});

describe('reconcile sales --apply holding the store lock', () => {
  it('makes restore exit 1 naming reconcile, with the database byte-identical', async () => {
    const holder = await holdLock(stateDir(), 'reconcile-sales');
    try {
      const db = database();
      const r = await store.cli(['restore', '--latest', '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^store-ops: reconcile sales --apply is running \\(pid ${holder.pid} on host \\S+, since `));
      expect(database()).toBe(db);
      expect(readdirSync(stateDir())).not.toContain('quarantine');
    } finally {
      await holder.kill();
    }
  });
});

describe('a holder killed with SIGKILL', () => {
  it('leaves its lock, and the next command takes it over with a warning and does its work', async () => {
    const holder = await holdLock(stateDir(), 'restore');
    await holder.kill();
    expect(readdirSync(path.join(stateDir(), 'locks'))).toEqual(['store.lock']);
    const before = database();
    const r = await store.cli(['--json', 'reconcile', 'sales', '--apply']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: took over the lock of a restore that died (pid ${holder.pid}, since `);
    expect((JSON.parse(r.stdout) as { apply: { receipts: number } }).apply.receipts).toBeGreaterThan(0);
    expect(database()).not.toBe(before);
    expect(readdirSync(path.join(stateDir(), 'locks'))).toEqual([]);
  });
});

describe('several runs finding the same dead lock at once', () => {
  it('lets exactly one of them take it over', async () => {
    const dead = await holdLock(stateDir(), 'backup-run');
    await dead.kill();
    const racers = await Promise.all(Array.from({ length: 6 }, () => holdLock(stateDir(), 'backup-prune')));
    try {
      const winners = racers.filter((r) => r.report.held);
      expect(winners).toHaveLength(1);
      for (const r of racers.filter((x) => !x.report.held)) expect(r.report.message).toContain(`a backup prune is running (pid ${winners[0]!.pid} `);
      const owner = JSON.parse(readFileSync(path.join(stateDir(), 'locks', 'store.lock'), 'utf8')) as { pid: number; operation: string };
      expect(owner).toMatchObject({ pid: winners[0]!.pid, operation: 'backup-prune' });
    } finally {
      await Promise.all(racers.map((r) => r.kill()));
    }
  });
});

describe('restore --undo', () => {
  it('is refused while a backup run holds the lock, and puts nothing back', async () => {
    expect((await store.cli(['restore', '--latest', '--yes'])).code).toBe(0);
    const holder = await holdLock(stateDir(), 'backup-run');
    try {
      const db = database();
      const r = await store.cli(['--yes', 'restore', '--undo']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^store-ops: a backup run is running \\(pid ${holder.pid} on host `));
      expect(database()).toBe(db);
    } finally {
      await holder.kill();
    }
    expect((await store.cli(['--yes', 'restore', '--undo'])).code).toBe(0);
  });
});
