// The lock file itself: private, made without following links, never mistaken for a dead run's
// when it is something else, and gone when its owner releases it.
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, acquireStoreLock } from '../../src/backup/lock.js';
import { StoreOpsError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/cli.js';
import { deadPid } from '../helpers/dead-run.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;
const stateDir = () => {
  const dir = path.join(tmp.dir, `state-${n++}`);
  mkdirSync(dir);
  return dir;
};
const refusedWith = (fn: () => unknown): StoreOpsError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreOpsError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('the store lock file', () => {
  it('is 0600, names the operation, and is gone after release with nothing else left in locks/', () => {
    const state = stateDir();
    const lock = acquireStoreLock(state, 'reconcile-stock');
    const file = path.join(state, 'locks', 'store.lock');
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname(), operation: 'reconcile-stock' });
    expect(readdirSync(path.join(state, 'locks'))).toEqual(['store.lock']);
    lock.release();
    expect(readdirSync(path.join(state, 'locks'))).toEqual([]);
  });

  it('is refused, not followed, when a link is planted under its name', () => {
    const state = stateDir();
    mkdirSync(path.join(state, 'locks'));
    const victim = path.join(tmp.dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, path.join(state, 'locks', 'store.lock'));
    const err = refusedWith(() => acquireStoreLock(state, 'backup-run'));
    expect(err.key).toBe('lock.unreadable');
    expect(err.message).toContain(path.join(state, 'locks', 'store.lock'));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(path.join(state, 'locks', 'store.lock')).isSymbolicLink()).toBe(true);
  });

  it('is refused, not taken over, when it holds something store-ops did not write', () => {
    const state = stateDir();
    mkdirSync(path.join(state, 'locks'));
    writeFileSync(path.join(state, 'locks', 'store.lock'), '');
    const err = refusedWith(() => acquireStoreLock(state, 'restore'));
    expect(err.key).toBe('lock.unreadable');
    expect(err.exitCode).toBe(1);
    expect(readFileSync(path.join(state, 'locks', 'store.lock'), 'utf8')).toBe('');
  });

  it('held on another host is never taken over, even when that pid is free here', () => {
    const state = stateDir();
    mkdirSync(path.join(state, 'locks'));
    const theirs = JSON.stringify({ pid: deadPid(), host: 'till-server-2', started_at: '2026-11-21T06:00:00.000Z', operation: 'restore' });
    writeFileSync(path.join(state, 'locks', 'store.lock'), theirs);
    const err = refusedWith(() => acquireStoreLock(state, 'backup-prune'));
    expect(err.key).toBe('lock.held.restore');
    expect(err.hint?.key).toBe('hint.lockHolderElsewhere');
    expect(readFileSync(path.join(state, 'locks', 'store.lock'), 'utf8')).toBe(theirs);
  });

  it('of an operation this version does not know is refused naming it as written', () => {
    const state = stateDir();
    const held = acquireLock(state, 'store', 'fleet sync');
    try {
      const err = refusedWith(() => acquireStoreLock(state, 'backup-run'));
      expect(err.message).toMatch(/^"fleet sync" is running \(pid \d+ on host /);
    } finally {
      held.release();
    }
  });
});
