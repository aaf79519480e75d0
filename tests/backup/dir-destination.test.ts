// A backup folder others can write to (a NAS share): links planted under every name the folder
// destination creates must never carry our bytes onto the file they point at.
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DirDestination } from '../../src/backup/dir-destination.js';
import { tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let n = 0;
let folder: string;
let victim: string;
const VICTIM_BYTES = 'the store database, which nobody may overwrite';

beforeEach(() => {
  n += 1;
  folder = path.join(tmp.dir, `backups-${n}`);
  mkdirSync(folder);
  victim = path.join(tmp.dir, `victim-${n}.db`);
  writeFileSync(victim, VICTIM_BYTES);
});

describe('DirDestination with links planted in the backup folder', () => {
  it('the writability probe leaves a file linked under the old probe name untouched', async () => {
    symlinkSync(victim, path.join(folder, `.store-ops-write-test-${process.pid}`));
    await new DirDestination('nas', folder).checkWritable();
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_BYTES);
    expect(readdirSync(folder)).toEqual([`.store-ops-write-test-${process.pid}`]);
  });

  it('an archive written while a link sits under its predictable partial name goes elsewhere, and the link target is untouched', async () => {
    const name = 'SH-0012_20261121T120000Z_0badc0de.tar.gz.age';
    symlinkSync(victim, path.join(folder, `.${name}.partial-${process.pid}`));
    const write = await new DirDestination('nas', folder).begin(name);
    await write.write(Buffer.from('archive bytes'));
    await write.commit();
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_BYTES);
    expect(readFileSync(path.join(folder, name), 'utf8')).toBe('archive bytes');
  });

  it('a sidecar written onto a planted link replaces the link, not the file it points at', async () => {
    const sidecar = 'SH-0012_20261121T120000Z_0badc0de.json';
    symlinkSync(victim, path.join(folder, sidecar));
    await new DirDestination('nas', folder).writeWhole(sidecar, '{"id":"0badc0de"}\n');
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_BYTES);
    expect(lstatSync(path.join(folder, sidecar)).isSymbolicLink()).toBe(false);
    expect(readFileSync(path.join(folder, sidecar), 'utf8')).toBe('{"id":"0badc0de"}\n');
  });

  it('leftovers of dead runs: our own partial files and planted links are cleared (the link only), another user\'s file is left alone', async () => {
    const dest = new DirDestination('nas', folder);
    writeFileSync(path.join(folder, '.A.tar.gz.age.partial-999999'), 'ours');
    writeFileSync(path.join(folder, '.B.tar.gz.age.partial-999998-0a1b2c3d4e5f6a7b'), 'ours, new style');
    symlinkSync(victim, path.join(folder, '.C.tar.gz.age.partial-999997'));
    writeFileSync(path.join(folder, '.D.tar.gz.age.partial-999996'), 'someone else');
    chownSync(path.join(folder, '.D.tar.gz.age.partial-999996'), 65534, 65534);
    mkdirSync(path.join(folder, '.E.tar.gz.age.partial-999995'));
    const found = (await dest.leftovers()).map((l) => l.name).sort();
    expect(found).toEqual(['.A.tar.gz.age.partial-999999', '.B.tar.gz.age.partial-999998-0a1b2c3d4e5f6a7b', '.C.tar.gz.age.partial-999997']);
    for (const name of found) await dest.remove(name);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_BYTES);
    expect(readdirSync(folder).sort()).toEqual(['.D.tar.gz.age.partial-999996', '.E.tar.gz.age.partial-999995']);
    expect(existsSync(victim)).toBe(true);
  });
});
