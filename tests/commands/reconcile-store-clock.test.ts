// reconcile for people on a machine whose zone is not the store's (TZ=America/New_York against the
// demo's Asia/Shanghai): receipts, paper slips and counts on the store's clock with its offset,
// whatever offset the database or a source wrote, and undo's refusals naming times the same way.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const NY = { TZ: 'America/New_York' };
let store: DemoStore;
const cli = (args: string[]) => store.cli(args, NY);

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const db = path.join(store.dir, 'store.db');
  const last = execFileSync('sqlite3', [db, 'SELECT max(at) FROM sales'], { encoding: 'utf8' }).trim();
  // A sale a foreign system wrote in UTC, an hour before the last one the demo wrote: in the database only.
  const utc = new Date(Date.parse(last) - 3_600_000).toISOString();
  execFileSync('sqlite3', [db, `INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES ('POS-01', '900001', '${utc}', 'c01', 'sale', 9.5)`]);
});

describe('reconcile sales', () => {
  it.each(['en', 'zh'] as const)("lists receipts and slips on the store's clock with its offset (%s)", async (lang) => {
    const r = await cli(['--lang', lang, 'reconcile', 'sales']);
    expect(r.code).toBe(0);
    const items = r.stdout.split('\n').filter((l) => /^ {2}(POS-\d\d\/|M-)/.test(l));
    expect(items.length).toBeGreaterThan(20);
    for (const line of items) expect(line).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 /);
    expect(r.stdout).not.toMatch(/T\d\d:\d\d|\d\dZ\b|UTC/);
  });

  it('shows a time the database holds in UTC on the store clock', async () => {
    const last = execFileSync('sqlite3', [path.join(store.dir, 'store.db'), "SELECT max(at) FROM sales WHERE at LIKE '%+08:00'"], { encoding: 'utf8' }).trim();
    const shanghai = new Date(Date.parse(last) - 3_600_000 + 8 * 3_600_000).toISOString();
    const hourBefore = `${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)} +08:00`;
    const r = await cli(['reconcile', 'sales']);
    expect(r.stdout).toContain(`  POS-01/900001  ${hourBefore}  sale  ¥9.50`);
  });
});

describe('reconcile stock --count', () => {
  it("gives the count's time on the store's clock with its offset", async () => {
    const [count] = readdirSync(path.join(store.dir, 'counts'));
    const r = await cli(['--lang', 'zh', 'reconcile', 'stock', '--count', path.join(store.dir, 'counts', count!)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^盘点 \S+（\d{4}-\d\d-\d\d \d\d:\d\d \+08:00）：/m);
  });
});

describe('reconcile undo', () => {
  it("says when an apply was already undone on the store's clock", async () => {
    const applied = await cli(['--yes', '--json', 'reconcile', 'sales', '--apply']);
    expect(applied.code).toBe(0);
    expect((await cli(['--yes', 'reconcile', 'undo'])).code).toBe(0);
    const again = await cli(['--lang', 'zh', '--yes', 'reconcile', 'undo']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^store-ops: 对账写入 \S+ 已于 \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 撤销；没有做任何修改\n/);
  });
});
