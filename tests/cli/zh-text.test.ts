// Chinese output is Chinese throughout: every command's text output with --lang zh, on a healthy
// demo store and on one whose database is damaged, and every --help, fails on English left in it
// (tests/helpers/zh-latin.ts says what Chinese text carries as is). Read-only commands run in
// parallel on one shared store; the ones that change the store run in order.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import type { Command } from 'commander';
import { COMMANDS, buildProgram } from '../../src/cli.js';
import { translator } from '../../src/core/i18n.js';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { answersFor } from '../helpers/runbook-answers.js';
import { englishIn, latinWords } from '../helpers/zh-latin.js';


/**
 * What the runbooks (runbooks/*.yaml, their owners' files) quote as it appears on a screen or a
 * label, for the technician to recognise: SQLite's and the kernel's messages, tools' output,
 * buttons, CSV values, programs to run. Taken out of runbook show and walk output only.
 */
const RUNBOOK_QUOTES = [
  'database disk image is malformed', 'No space left on device', 'file is not a database', 'row missing from index', 'wrong # of entries in index',
  'Page … is never used', 'btreeInitPage', 'malformed', 'I/O error', 'locked', 'PASSED', 'Reset', 'cash', 'core', 'ok', 'journals',
  'NUT', 'apcupsd', 'logrotate', 'fsck', 'syslog', 'dmesg',
];

const OPERATOR = '值班员';
const tmp = tempDir();
afterAll(tmp.cleanup);
let healthy: DemoStore;
let damaged: DemoStore;
const names = new Set<string>([OPERATOR]);
const commands = COMMANDS.map((c) => c.words);

/** Names a store's config gives things (the store, databases, destinations, devices): ids to Chinese text. */
function configNames(config: string): string[] {
  const doc = parse(readFileSync(config, 'utf8')) as {
    store: { name: string };
    databases: Array<{ name: string }>;
    backup: { destinations: Array<{ name: string }> };
    probes: { tcp?: Array<{ name: string }>; http?: Array<{ name: string }> };
  };
  return [doc.store.name, ...doc.databases.map((d) => d.name), ...doc.backup.destinations.map((d) => d.name),
    ...(doc.probes.tcp ?? []).map((p) => p.name), ...(doc.probes.http ?? []).map((p) => p.name)];
}

/** The store's own table names: SQL names, shown as they are. */
function tableNames(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
  } finally {
    conn.close();
  }
}

/** Fails with every line that still holds English, named by the command that printed it. */
function expectChinese(expect: ExpectStatic, label: string, r: CliResult, extraNames: readonly string[] = []): void {
  const found = englishIn(`${r.stdout}\n${r.stderr}`, { names: [...names, ...extraNames], commands })
  expect.soft(found.map((f) => `${label}: [${f.words.join(' ')}] ${f.line}`)).toEqual([]);
  expect.soft(`${r.stdout}${r.stderr}`, `${label} printed nothing`).toMatch(/[\u4e00-\u9fff]/);
}

async function zh(expect: ExpectStatic, store: DemoStore, args: string[], expectCode?: number): Promise<CliResult> {
  const r = await store.cli(['--lang', 'zh', '--operator', OPERATOR, ...args]);
  if (expectCode !== undefined) expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(expectCode);
  const runbookText = args[0] === 'runbook' && ['show', 'start', 'resume'].includes(args[1]!);
  expectChinese(expect, `${path.basename(store.dir)}: store-ops ${args.join(' ')}`, r, runbookText ? RUNBOOK_QUOTES : []);
  return r;
}

function damage(file: string): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 4 * 4096);
  closeSync(fd);
}

beforeAll(async () => {
  [healthy, damaged] = await Promise.all([makeDemoStore(tmp.dir, 'healthy'), makeDemoStore(tmp.dir, 'damaged')]);
  const runs = await Promise.all([healthy, damaged].map((s) => s.cli(['backup', 'run'])));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  damage(path.join(damaged.dir, 'store.db'));
  const probes = await healthy.cli(['--json', 'diagnose']);
  const doc = JSON.parse(probes.stdout) as { probes: Array<{ name: string }> };
  for (const n of [...configNames(healthy.config), ...doc.probes.map((p) => p.name), ...tableNames(path.join(healthy.dir, 'store.db'))]) names.add(n);
});

/** The values options take (their choices, and the alternatives of "<zh|en>"): words to type. */
function optionValues(): string[] {
  const program = buildProgram(translator('zh'), '0', { writeOut: () => undefined, writeErr: () => undefined }, () => undefined);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  return all(program).flatMap((c) => c.options.flatMap((o) => [...(o.argChoices ?? []), ...(/<(\w+(?:\|\w+)+)>/.exec(o.flags)?.[1]?.split("|") ?? [])]));
}

const count = (store: () => DemoStore) => path.join(store().dir, 'counts', 'count-2026-11-21.csv');

describe('the English finder', () => {
  const words = (line: string) => latinWords(line, { names: ['浦东店 (demo)', 'main'], commands });
  it('finds the English the issue found in Chinese output', () => {
    expect(words('状态 critical，3 项发现')).toEqual(['critical']);
    expect(words('drill 校验：1 个通过')).toEqual(['drill']);
    expect(words('恢复用时 restore 0.7 s')).toEqual(['restore', 's']);
    expect(words('| 2026-12-06 01:15:53 | `store-ops backup list` | 0 | 1.6 s | 无 |')).toEqual(['s']);
    expect(words('生成于 2026-12-05T17:14:41.000Z')).toEqual(['2026-12-05T17:14:41.000Z']);
    expect(words('↑↓ navigate • ⏎ select')).toEqual(['navigate', 'select']);
    expect(words('Usage: store-ops status [options]')).toEqual(['Usage']);
  });
  it('lets through commands, options, ids, paths, names and units', () => {
    expect(words('请运行：store-ops --config shop/store-ops.yaml backup verify --latest --deep')).toEqual([]);
    expect(words('门店 SH-0012 浦东店 (demo)：main 4.0 MB，剩余 31.6%；备份 8852311f 在 /tmp/x/backups')).toEqual([]);
    expect(words('完整检查请用 store-ops diagnose 和 backup verify；预案 restore-from-backup')).toEqual([]);
  });
});

describe('zh text of a backup run', () => {
  it('backup run', async () => {
    await zh(expect, healthy, ['backup', 'run'], 0);
  });
});

describe.concurrent('zh text on a healthy store, read-only commands', () => {
  const cases: Array<[string, () => string[]]> = [
    ['config check', () => ['config', 'check']],
    ['status', () => ['status']],
    ['diagnose', () => ['diagnose']],
    ['backup list', () => ['backup', 'list']],
    ['backup verify --quick', () => ['backup', 'verify', '--latest', '--quick']],
    ['backup verify (deep)', () => ['backup', 'verify', '--latest']],
    ['backup verify --drill', () => ['backup', 'verify', '--latest', '--drill']],
    ['backup prune --dry-run', () => ['backup', 'prune', '--dry-run']],
    ['backup schedule', () => ['backup', 'schedule']],
    ['reconcile sales', () => ['reconcile', 'sales']],
    ['reconcile stock', () => ['reconcile', 'stock']],
    ['reconcile stock --count', () => ['reconcile', 'stock', '--count', count(() => healthy)]],
    ['runbook list', () => ['runbook', 'list']],
    ['runbook status', () => ['runbook', 'status', '--all']],
    ['fleet status (no bucket)', () => ['fleet', 'status']],
    ['keys generate', () => ['keys', 'generate', '--out', path.join(tmp.dir, 'keys-a', 'identity.txt')]],
    ['keys generate --signing', () => ['keys', 'generate', '--signing', '--out', path.join(tmp.dir, 'keys-b', 'signing.key')]],
  ];
  it.for(cases)('%s', async ([, args], { expect }) => {
    await zh(expect, healthy, args());
  });

  it.for(runbookFiles(undefined).map((f) => f.id))('runbook show %s', async (id, { expect }) => {
    await zh(expect, healthy, ['runbook', 'show', id], 0);
  });

  it('init without a terminal, and demo init', async ({ expect }) => {
    const dir = path.join(tmp.dir, 'fresh');
    mkdirSync(dir);
    const init = await runCli(['--lang', 'zh', 'init', '--store-id', 'SH-0099', '--store-name', '新店', '--database', 'main=./store.db', '--recipient', healthy.recipient], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expectChinese(expect, 'store-ops init', init);
    const demo = await runCli(['--lang', 'zh', 'demo', 'init', '演示店', '--now', '2026-11-21T20:00:00+08:00'], { cwd: dir });
    expect(demo.code, demo.stderr).toBe(0);
    expectChinese(expect, 'store-ops demo init', demo);
  });

  const helps = [...new Set(['', ...COMMANDS.flatMap((c) => [c.words[0]!, c.words.join(' ')])])];
  it.for(helps)('store-ops %s --help', async (words, { expect }) => {
    const args = ['--lang', 'zh', ...words.split(' ').filter(Boolean), '--help'];
    const r = await runCli(args, { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expectChinese(expect, `store-ops ${args.join(' ')}`, r, optionValues());
  });

  it('usage errors, which repeat what was typed and point at the help in the same language', async ({ expect }) => {
    const typed = ['bogus', 'all'];
    for (const args of [['backup', 'bogus'], ['backup', 'verify', '--bogus'], ['restore', '--only', 'all'], ['runbook', 'show'], ['runbook', 'report', '1', '2']]) {
      const r = await runCli(['--lang', 'zh', ...args], { cwd: tmp.dir });
      expect(r.code).toBe(2);
      expectChinese(expect, `store-ops --lang zh ${args.join(' ')}`, r, [...typed, ...optionValues()]);
      expect(r.stderr).toMatch(/^→ 可以运行：store-ops --lang zh (?:backup|backup verify|restore|runbook show|runbook report) --help$/m);
    }
  });
});

describe('zh text on a store whose database is damaged, in order', () => {
  it('status, diagnose and reconcile', async () => {
    await Promise.all([
      zh(expect, damaged, ['status']),
      zh(expect, damaged, ['diagnose'], 2),
      zh(expect, damaged, ['reconcile', 'sales']),
      zh(expect, damaged, ['reconcile', 'stock'], 1),
    ]);
  });

  it('restore refused while the database is open, and its dry run', async () => {
    const holder = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');new D(${JSON.stringify(path.join(damaged.dir, 'store.db'))});console.log('open');setInterval(()=>{},1000)`], { cwd: ROOT });
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const refused = await zh(expect, damaged, ['restore', '--latest', '--yes'], 1);
      expect(refused.stderr).toContain(`node[${holder.pid}]`);
    } finally {
      holder.kill('SIGKILL');
    }
    await zh(expect, damaged, ['restore', '--latest', '--dry-run'], 0);
  });

  it('restore, restore --undo, restore again', async () => {
    await zh(expect, damaged, ['restore', '--latest', '--yes'], 0);
    await zh(expect, damaged, ['restore', '--undo', '--yes'], 0);
    await zh(expect, damaged, ['restore', '--latest', '--yes'], 0);
  });

  it('reconcile sales and stock with --apply, and their undo', async () => {
    await zh(expect, damaged, ['reconcile', 'sales', '--apply', '--yes'], 0);
    await zh(expect, damaged, ['reconcile', 'stock', '--count', count(() => damaged), '--apply', '--yes'], 0);
    await zh(expect, damaged, ['reconcile', 'undo', '--yes'], 0);
    await zh(expect, damaged, ['reconcile', 'undo', '--yes']);
  });

  it('a runbook walked with an answers file, its status and report; one stopped half-way', async () => {
    const rb = (id: string) => loadRunbookFile(runbookFiles(undefined).find((f) => f.id === id)!, { cwd: ROOT });
    const full = path.join(damaged.dir, 'restore-answers.yaml');
    writeFileSync(full, answersFor(rb('restore-from-backup'), { run: true, lang: 'zh' }));
    await zh(expect, damaged, ['runbook', 'start', 'restore-from-backup', '--answers', full], 0);
    const half = path.join(damaged.dir, 'pos-crash-answers.yaml');
    writeFileSync(half, answersFor(rb('pos-crash'), { run: false, lang: 'zh', omit: ['restart-service'] }));
    await zh(expect, damaged, ['runbook', 'start', 'pos-crash', '--answers', half], 2);
    await zh(expect, damaged, ['runbook', 'status'], 0);
    const rest = path.join(damaged.dir, 'pos-crash-rest.yaml');
    writeFileSync(rest, answersFor(rb('pos-crash'), { run: false, lang: 'zh' }));
    await zh(expect, damaged, ['runbook', 'resume', '2', '--answers', rest], 0);
    await zh(expect, damaged, ['runbook', 'status', '--all'], 0);
    const report = await zh(expect, damaged, ['runbook', 'report', '1'], 0);
    expect(report.stdout).toContain('# 事件 #1：从备份恢复');
    await zh(expect, damaged, ['runbook', 'report', '2'], 0);
    await zh(expect, damaged, ['runbook', 'report', '2', '--out', path.join(damaged.dir, 'report-2.md')], 0);
  });
});
