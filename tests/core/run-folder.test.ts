// Run folders: fresh and private when made, removed after a dead run only when the marker says
// they are ours: not another user's folder, not a link, not one whose marker is missing or torn.
import { chownSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearDeadRunFolders, makeRunFolder } from '../../src/core/run-folder.js';
import { tempDir } from '../helpers/cli.js';
import { deadRunFolder } from '../helpers/dead-run.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('a run folder', () => {
  it('is new each time, 0700 even under a loose umask, with a marker naming this run', () => {
    const old = process.umask(0o000);
    try {
      const a = makeRunFolder(tmp.dir, 'backup-', 'test');
      const b = makeRunFolder(tmp.dir, 'backup-', 'test');
      expect(a).not.toBe(b);
      expect(lstatSync(a).mode & 0o777).toBe(0o700);
      expect(lstatSync(path.join(a, '.store-ops-run.json')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(path.join(a, '.store-ops-run.json'), 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname(), purpose: 'test' });
    } finally {
      process.umask(old);
    }
  });
});

describe('clearing dead runs\' folders', () => {
  it('removes only ours: dead marker on this host, a real folder, owned by us', async () => {
    const root = path.join(tmp.dir, 'clear');
    mkdirSync(root);
    const dead = deadRunFolder(path.join(root, 'restore-dead01'));
    const torn = deadRunFolder(path.join(root, 'restore-torn01'));
    writeFileSync(path.join(torn, '.store-ops-run.json'), '{"pid": 12');
    const someoneElses = deadRunFolder(path.join(root, 'restore-nobody'));
    chownSync(someoneElses, 65534, 65534);
    const elsewhere = deadRunFolder(path.join(tmp.dir, 'elsewhere-dead'));
    symlinkSync(elsewhere, path.join(root, 'restore-link01'));
    const otherName = deadRunFolder(path.join(root, 'backup-dead02'));

    expect(await clearDeadRunFolders(root, 'restore-')).toEqual([dead]);
    expect([existsSync(dead), existsSync(torn), existsSync(someoneElses), existsSync(elsewhere), existsSync(otherName)]).toEqual([false, true, true, true, true]);
    expect(existsSync(path.join(elsewhere, 'main.db'))).toBe(true);
  });

  it('removes the empty folder of a run killed before its marker, after a minute, and nothing that only looks like one', async () => {
    const root = path.join(tmp.dir, 'unmarked');
    mkdirSync(root);
    const made = (name: string, ageMs: number) => {
      const dir = path.join(root, name);
      mkdirSync(dir, { mode: 0o700 });
      const t = new Date(Date.now() - ageMs);
      utimesSync(dir, t, t);
      return dir;
    };
    const killed = made('backup-Ab12Cd', 120_000);
    const justMade = made('backup-Ab12Ce', 1_000);
    const usersOwn = made('backup-2024', 120_000);
    const notEmpty = made('backup-Ab12Cf', 120_000);
    writeFileSync(path.join(notEmpty, 'main.db'), 'half a snapshot');
    utimesSync(notEmpty, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    const someoneElses = made('backup-Ab12Cg', 120_000);
    chownSync(someoneElses, 65534, 65534);

    expect(await clearDeadRunFolders(root, 'backup-')).toEqual([killed]);
    expect([killed, justMade, usersOwn, notEmpty, someoneElses].map((d) => existsSync(d))).toEqual([false, true, true, true, true]);
  });

  it('finds nothing to do in a folder that is not there', async () => {
    expect(await clearDeadRunFolders(path.join(tmp.dir, 'absent'), 'backup-')).toEqual([]);
  });
});
