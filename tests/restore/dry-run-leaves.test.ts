// Cleaning up after dead runs touches only store-ops' own folders: a folder named like a staging
// folder (restore-2023/) without store-ops' marker stays, byte for byte, through a dry run and a
// real restore, in the state folder and beside the database (used when the state folder is on
// another filesystem); a real dead run's marked folder is cleaned by the next real restore.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { deadRunFolder } from '../helpers/dead-run.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
const shm = mkdtempSync('/dev/shm/store-ops-test-state-');
afterAll(() => {
  tmp.cleanup();
  rmSync(shm, { recursive: true, force: true });
});

/** A folder of someone's that only looks like a staging folder, and a fingerprint of it. */
function lookalike(dir: string): () => string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'note.txt'), 'the 2023 stocktake, kept by the manager');
  return () => createHash('sha256').update(readdirSync(dir).map((f) => `${f}:${readFileSync(path.join(dir, f), 'utf8')}`).join('|')).digest('hex');
}

describe('with the state folder on the database disk (staging in <state_dir>/tmp)', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir, 'shop');
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
  });

  it('restore --dry-run and a real restore leave restore-2023/ untouched; the real one clears a dead run\'s marked folder', async () => {
    const stateTmp = path.join(store.dir, '.store-ops', 'tmp');
    const theirs = lookalike(path.join(stateTmp, 'restore-2023'));
    const emptyOne = path.join(stateTmp, 'restore-2024');
    mkdirSync(emptyOne);
    const before = theirs();
    const dead = deadRunFolder(path.join(stateTmp, 'restore-k3j9x1'));

    const dry = await store.cli(['restore', '--latest', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(theirs()).toBe(before);
    expect(existsSync(emptyOne)).toBe(true);
    expect(existsSync(dead)).toBe(true);
    expect(readdirSync(stateTmp).sort()).toEqual(['restore-2023', 'restore-2024', 'restore-k3j9x1']);

    const real = await store.cli(['restore', '--latest', '--yes']);
    expect(real.code).toBe(0);
    expect(theirs()).toBe(before);
    expect(existsSync(emptyOne)).toBe(true);
    expect(existsSync(dead)).toBe(false);
  });
});

describe('with the state folder on another filesystem (staging beside the database)', () => {
  let store: DemoStore;
  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir, 'shop2');
    writeFileSync(store.config, readFileSync(store.config, 'utf8').replace('state_dir: ./.store-ops', `state_dir: ${shm}`));
    expect(readFileSync(store.config, 'utf8')).toContain(shm);
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
  });

  it('restore --dry-run leaves restore-2023/ and .restore-2024/ beside the database untouched, and nothing of its own', async () => {
    const theirs = lookalike(path.join(store.dir, 'restore-2023'));
    const hidden = lookalike(path.join(store.dir, '.restore-2024'));
    const before = [theirs(), hidden()];
    const listing = readdirSync(store.dir).sort();
    const r = await store.cli(['restore', '--latest', '--dry-run']);
    expect(r.code).toBe(0);
    expect([theirs(), hidden()]).toEqual(before);
    expect(readdirSync(store.dir).sort()).toEqual(listing);
  });

  it('a real restore stages beside the database, clears a dead run\'s marked folder there, and keeps the lookalikes', async () => {
    const before = lookalike(path.join(store.dir, 'restore-2023'))();
    const dead = deadRunFolder(path.join(store.dir, '.restore-Ab12Cd'));
    const r = await store.cli(['restore', '--latest', '--yes']);
    expect(r.code).toBe(0);
    expect(lookalike(path.join(store.dir, 'restore-2023'))()).toBe(before);
    expect(existsSync(path.join(store.dir, '.restore-2024'))).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(readdirSync(store.dir).filter((f) => f.startsWith('.restore-'))).toEqual(['.restore-2024']);
  });
});
