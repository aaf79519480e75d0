// backup list, verify and prune as people read them, on a machine whose zone is not the store's
// (TZ=America/New_York against the demo's Asia/Shanghai): every time on the store's clock with
// its offset, the header over its column in both languages (by terminal columns, Chinese being
// two wide), and the Chinese output Chinese throughout.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { manifestFor, writeCraftedBackup } from '../helpers/craft-backup.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const NY = { TZ: 'America/New_York' };
let store: DemoStore;
let drilled: string;
let future: string;

const cli = (args: string[]) => store.cli(args, NY);
const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// Independent of the code under test: CJK ideographs and full-width forms take two terminal columns.
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uff60]/.test(c) ? 2 : 1), 0);
/** The terminal column where each cell starts; cells are separated by two spaces or more. */
function starts(line: string): number[] {
  const out: number[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) out.push(width(line.slice(0, m.index)));
  return out;
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  for (let i = 0; i < 2; i++) {
    const r = await cli(['--json', 'backup', 'run']);
    if (r.code !== 0) throw new Error(r.stderr);
    if (i === 0) drilled = (JSON.parse(r.stdout) as { id: string }).id;
  }
  const v = await cli(['backup', 'verify', drilled, '--drill']);
  if (v.code !== 0) throw new Error(v.stdout + v.stderr);
  // Unsigned and dated a year ahead: the longest labels in every column, and a problem line with a time.
  const members = [{ name: 'files/config/tax.json', data: '{}' }];
  future = stampOf(new Date(Date.now() + 365 * 86_400_000));
  await writeCraftedBackup(store.backups, store.recipient, [...members, { name: 'manifest.json', data: manifestFor(members, { id: '0d0d0d01' }) }], '0d0d0d01', future, 'unsigned');
});

describe.each(['en', 'zh'] as const)('backup list in %s', (lang) => {
  let lines: string[];
  beforeAll(async () => {
    const r = await cli(['--lang', lang, 'backup', 'list']);
    expect(r.code).toBe(0);
    lines = r.stdout.trimEnd().split('\n');
  });

  it('puts every header over the start of its column, by terminal columns', () => {
    const rows = lines.filter((l) => /^ {2}[0-9a-f]{8} /.test(l));
    expect(rows).toHaveLength(3);
    const header = starts(lines[1]!);
    expect(header).toHaveLength(6);
    for (const row of rows) expect(starts(row).slice(0, 6)).toEqual(header);
  });

  it("shows every time on the store's clock with its offset, none in UTC", () => {
    const text = lines.join('\n');
    expect(text).not.toMatch(/\d\dZ\b|UTC|T\d\d:\d\d/);
    expect(lines.find((l) => l.includes(drilled))).toMatch(/^ {2}[0-9a-f]{8} {2}\d{4}-\d\d-\d\d \d\d:\d\d \+08:00 /);
    const shanghai = new Date(Date.parse(future.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) + 8 * 3_600_000);
    const problem = lines.find((l) => l.includes('! ') && l.includes(`${future}`))!;
    expect(problem).toContain(`${shanghai.toISOString().slice(0, 16).replace('T', ' ')} +08:00`);
  });

  it('says how the backup was verified and how long its restore took in the language asked for', () => {
    const row = lines.find((l) => l.includes(drilled))!;
    expect(row).toMatch(lang === 'en' ? /drill \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 \(restore \d+\.\d s\)$/ : /恢复演练 \d{4}-\d\d-\d\d \d\d:\d\d \+08:00（恢复用时 \d+\.\d 秒）$/);
    if (lang === 'zh') {
      // Outside ids, file names, sizes and times, nothing in Latin letters.
      const words = lines.slice(1).join('\n').replace(/SH-0012_\S+|\/\S+|[0-9a-f]{8}|\d+(\.\d+)? MB|[+-]\d\d:\d\d/g, '');
      expect(words).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});

describe('backup verify and prune', () => {
  it('name the verification level in Chinese', async () => {
    const r = await cli(['--lang', 'zh', 'backup', 'verify', drilled, '--quick']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^通过 {2}快速校验 {2}SH-0012_\S+（local）：\d+ 项检查通过，用时 \d+\.\d 秒\n$/);
  });

  it("prune --dry-run shows each backup's time on the store's clock with its offset, reasons joined in Chinese", async () => {
    const r = await cli(['--lang', 'zh', 'backup', 'prune', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ {2}保留 +SH-0012_\S+ {2}\d{4}-\d\d-\d\d \d\d:\d\d \+08:00 {2}每日 \d{4}-\d\d-\d\d，每周 \d{4}-W\d\d，每月 \d{4}-\d\d/);
    expect(r.stdout).toMatch(new RegExp(`不动 +SH-0012_${future}_0d0d0d01 {2}\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\+08:00 `));
    expect(r.stdout).not.toMatch(/\d\dZ\b|T\d\d:\d\d/);
  });
});

describe('restore --before', () => {
  it("names the moment on the store's clock when no backup is older", async () => {
    const r = await cli(['--lang', 'zh', 'restore', '--dry-run', '--before', '2020-01-01T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`store-ops: 2020-01-01 08:00 +08:00 之前没有完整的备份（在 ${path.join(store.dir, 'backups')} 中）`);
  });
});
