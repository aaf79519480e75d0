import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/core/atomic.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const f = path.join(dir, 'a.txt');
    writeFileSync(f, 'old');
    writeFileAtomic(f, 'new contents');
    expect(readFileSync(f, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('with noClobber refuses an existing target and keeps it unchanged', () => {
    const f = path.join(dir, 'b.txt');
    writeFileSync(f, 'keep');
    expect(() => writeFileAtomic(f, 'other', { noClobber: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(f, 'utf8')).toBe('keep');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('creates the file with the mode asked for', () => {
    const f = path.join(dir, 'secret.txt');
    writeFileAtomic(f, 'x', { mode: 0o600 });
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('removes its temporary file when the final rename fails', () => {
    const sub = path.join(dir, 'sub');
    mkdirSync(path.join(sub, 'target-is-a-folder'), { recursive: true });
    writeFileSync(path.join(sub, 'target-is-a-folder', 'inside'), 'x');
    expect(() => writeFileAtomic(path.join(sub, 'target-is-a-folder'), 'data')).toThrow();
    expect(readdirSync(sub)).toEqual(['target-is-a-folder']);
    expect(readdirSync(path.join(sub, 'target-is-a-folder'))).toEqual(['inside']);
  });
  it('onto a planted symlink replaces the link and leaves the file it pointed at untouched', () => {
    const sub = mkdtempSync(path.join(dir, 'planted-'));
    const victim = path.join(sub, 'victim.db');
    writeFileSync(victim, 'the store database');
    const target = path.join(sub, 'metrics.prom');
    symlinkSync(victim, target);
    writeFileAtomic(target, 'metrics');
    expect(readFileSync(victim, 'utf8')).toBe('the store database');
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('metrics');
    expect(readdirSync(sub).sort()).toEqual(['metrics.prom', 'victim.db']);
  });

  it('with noClobber refuses a planted symlink instead of writing through it', () => {
    const sub = mkdtempSync(path.join(dir, 'planted-'));
    const victim = path.join(sub, 'victim.txt');
    writeFileSync(victim, 'keep');
    const target = path.join(sub, 'identity.txt');
    symlinkSync(victim, target);
    expect(() => writeFileAtomic(target, 'secret', { noClobber: true })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(readlinkSync(target)).toBe(victim);
    expect(readdirSync(sub).sort()).toEqual(['identity.txt', 'victim.txt']);
  });
});
