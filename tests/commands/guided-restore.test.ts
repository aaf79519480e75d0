// The guided path as a technician meets it on a damaged store: restore-from-backup from the first
// step to the report ends with an intact database, every journal receipt and every paper slip in
// it (proved by reconcile sales --check), and an undo that reverts only this incident's restore.
// On a real terminal: the restore's question shows after its progress and before any key, Ctrl+C
// at any prompt stops cleanly (exit 1, never an internal error), and a typed time or key file is
// checked as it is typed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { damage, quickCheck } from '../helpers/damaged-db.js';
import { onTerminal } from '../helpers/terminal.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;
/** The paper slips waiting before the damage (reconcile cannot read a damaged database). */
let slips: Array<{ id: string; status: string }>;

const restores = () => readdirSync(path.join(store.dir, '.store-ops', 'quarantine')).filter((n) => n.endsWith('-restore')).sort();
const record = (id: string) => JSON.parse(readFileSync(path.join(store.dir, '.store-ops', 'quarantine', id, 'quarantine.json'), 'utf8')) as { state: string };

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  expect((await store.cli(['backup', 'run'])).code).toBe(0);
  slips = (JSON.parse((await store.cli(['--json', 'reconcile', 'sales'])).stdout) as { slips: typeof slips }).slips.filter((s) => s.status === 'unconfirmed');
  damage(path.join(store.dir, 'store.db'));
  expect(quickCheck(path.join(store.dir, 'store.db'))).not.toBe('ok');
});

describe('restore-from-backup on a damaged store, with an answers file', () => {
  it('ends with the database intact and every journal receipt and paper slip in it', async () => {
    expect(slips.length).toBeGreaterThan(0);
    const answers = path.join(tmp.dir, 'restore.yaml');
    writeFileSync(answers, [
      'why: corrupt', 'last-good: {skip: "nobody knows"}', 'list: run', 'stop-service: done', `identity: ${store.identity}`,
      'dry-run: run', 'restore: run', 'start-back-office: done', 'look-restored: run', 'check-restored: "yes"', 'reconcile-sales: run', 'apply-sales: run',
      'slips: all', 'prove: run', 'start-service: done', 'lost-data: none', 'root-cause: disk', 'test-functions: done',
      'fresh-backup: run', 'drill: run', 'stock-check: run', 'follow-up: monthly drills', 'close: done', '',
    ].join('\n'));
    const r = await store.cli(['--lang', 'en', 'runbook', 'start', 'restore-from-backup', '--answers', answers]);
    expect(r.code, r.stderr).toBe(0);
    // The key typed at the identity step reached the commands that need it.
    expect(r.stdout).toContain(`Will run: store-ops restore --latest --identity ${store.identity} --dry-run`);
    expect(r.stdout).toMatch(/would replace .*store\.db \(the current file kept in quarantine\)/);
    expect(r.stdout).toContain(`${slips.length} paper slip(s) wait for a person`);
    expect(r.stdout).toContain(`Running store-ops reconcile sales --apply --confirm ${slips.map((s) => s.id).join(' ')}`);
    expect(r.stdout).toContain('Nothing waits: every journal receipt and every paper slip is in the database.');
    expect(r.stdout).toContain(`store-ops --config ${store.config} --lang en runbook report 1 --out incident-report.md`);

    expect(quickCheck(path.join(store.dir, 'store.db'))).toBe('ok');
    const check = await store.cli(['--json', 'reconcile', 'sales', '--check']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ waiting: { receipts: 0, slips: 0, complete: true } });
  });

  it('reconcile sales --check fails while a slip waits, and says what waits', async () => {
    const other = await makeDemoStore(tmp.dir, 'waiting');
    const r = await other.cli(['--lang', 'en', 'reconcile', 'sales', '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Still waiting: \d+ receipt\(s\) to enter, \d+ paper slip\(s\) to confirm or correct\./);
  });

  it('an undo inside a later incident reverts that incident\'s restore, never the earlier one', async () => {
    const first = restores();
    expect(first).toHaveLength(1);
    const answers = path.join(tmp.dir, 'undo.yaml');
    writeFileSync(answers, [
      'why: corrupt', 'last-good: {skip: "nobody knows"}', 'list: run', 'stop-service: done', `identity: ${store.identity}`,
      'dry-run: run', 'restore: run', 'start-back-office: done', 'look-restored: run', 'check-restored: "no"', 'stop-for-undo: done', 'undo: run',
      'restore-failed: salvage', 'salvage: done', '',
    ].join('\n'));
    const r = await store.cli(['--lang', 'en', 'runbook', 'start', 'restore-from-backup', '--new', '--answers', answers]);
    expect(r.code, r.stderr).toBe(0);
    const now = restores();
    expect(now).toHaveLength(2);
    const mine = now.find((n) => !first.includes(n))!;
    expect(r.stdout).toContain(`Running store-ops restore --undo ${mine} --yes`);
    expect(record(mine).state).toBe('undone');
    expect(record(first[0]!).state).toBe('swapped');
  });

  it('restore --undo refuses a restore that is not the newest, naming the newer one', async () => {
    const [older] = restores();
    expect((await store.cli(['--yes', 'restore', '--latest', '--identity', store.identity])).code).toBe(0);
    const r = await store.cli(['--lang', 'en', '--yes', 'restore', '--undo', older!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`restore ${older} is not the newest: restore \\S+ came after it`));
  });
});

describe('on a real terminal', () => {
  it('restore shows the plan and its question after the progress display, before any key, and Ctrl+C there stops cleanly', async () => {
    const t = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'en', 'restore', '--latest', '--identity', store.identity], [
      ['Replace the live files listed above with this backup?', '\x03'],
    ]);
    const question = t.screen.indexOf('Replace the live files listed above with this backup?');
    expect(t.screen.indexOf('store.db  (the current file goes to quarantine')).toBeGreaterThan(-1);
    // Nothing drawn by the progress display after the question: it ended before asking.
    expect(t.screen.slice(question)).not.toMatch(/verifying|staging|%/);
    expect(t.screen).toContain('store-ops: stopped at your request (Ctrl+C); nothing was changed');
    expect(t.screen).not.toContain('internal error');
    expect(t.code).toBe(1);
    // A prompt hides the cursor; every start shows it again, so a kill -9 never leaves it hidden.
    expect(t.raw.startsWith('\x1b[?25h') || t.raw.includes('\x1b[?25h')).toBe(true);
  });

  it('Ctrl+C at the "still open" chooser pauses with no internal error, in Chinese too', async () => {
    const answers = path.join(tmp.dir, 'half.yaml');
    writeFileSync(answers, 'keep-evidence: done\n');
    expect((await store.cli(['runbook', 'start', 'pos-crash', '--answers', answers])).code).toBe(2);
    const t = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'zh', 'runbook', 'start', 'pos-crash'], [['仍未结束', '\x03']]);
    expect(t.code).toBe(1);
    expect(t.screen).toContain('已按您的要求停止（Ctrl+C），没有做任何改动');
    expect(t.screen).not.toMatch(/internal error|内部错误|User force closed/);
    expect(t.screen).toContain('↑↓ 移动 • ⏎ 选择');
  });

  it('a typed time is checked as it is typed, and the command uses it on the store\'s clock', async () => {
    const t = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'en', 'runbook', 'start', 'restore-from-backup', '--new'], [
      ['Why restore?', '\r'],
      ['13:00 for today; leave empty to skip)', '25:99\r'],
      ['is not a time', '\x15' + '2026-11-20 13:00\r'],
      ['Run this command now?', '\r'],
      ['When it is done:', '\r'],
      ['(path of the file; leave empty to skip)', '/nowhere/key.txt\r'],
      ['is not a file that exists', `\x15${store.identity}\r`],
      ['Run this command now?', '\x03'],
    ]);
    expect(t.screen).toContain('step last-good: "25:99" is not a time');
    expect(t.screen).toContain(`Will run: store-ops restore --before 2026-11-20T13:00:00+08:00 --identity ${store.identity} --dry-run`);
    expect(t.code).toBe(1);
    expect(t.screen).toContain('paused; incident');
  });
});
