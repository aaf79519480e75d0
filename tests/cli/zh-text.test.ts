// Chinese output is Chinese throughout: every command's text output with --lang zh, on a healthy
// demo store and on one whose database is damaged, and every --help, fails on English left in it
// (tests/helpers/zh-latin.ts says what Chinese text carries as is). Read-only commands run in
// parallel on one shared store; the ones that change the store run in order.
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { COMMANDS, buildProgram } from '../../src/cli.js';
import { translator } from '../../src/core/i18n.js';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { answersFor } from '../helpers/runbook-answers.js';
import { englishIn } from '../helpers/zh-latin.js';

/**
 * English that other branches are taking out of files this one does not own (diagnose and status
 * texts; backup list, verify and schedule texts). Each entry is removed when that fix merges.
 */
const OWNED_ELSEWHERE: ReadonlyArray<{ case: RegExp; word: string; owner: string }> = [];

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
function expectChinese(label: string, r: CliResult, extraNames: readonly string[] = []): void {
  const found = englishIn(`${r.stdout}\n${r.stderr}`, { names: [...names, ...extraNames], commands })
    .map((f) => ({ ...f, words: f.words.filter((w) => !OWNED_ELSEWHERE.some((o) => o.case.test(label) && o.word === w)) }))
    .filter((f) => f.words.length > 0);
  expect.soft(found.map((f) => `${label}: [${f.words.join(' ')}] ${f.line}`)).toEqual([]);
  expect.soft(`${r.stdout}${r.stderr}`, `${label} printed nothing`).toMatch(/[\u4e00-\u9fff]/);
}

async function zh(store: DemoStore, args: string[], expectCode?: number): Promise<CliResult> {
  const r = await store.cli(['--lang', 'zh', '--operator', OPERATOR, ...args]);
  if (expectCode !== undefined) expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(expectCode);
  expectChinese(`${path.basename(store.dir)}: store-ops ${args.join(' ')}`, r);
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
    ['restore --dry-run', () => ['restore', '--latest', '--dry-run']],
    ['reconcile sales', () => ['reconcile', 'sales']],
    ['reconcile stock', () => ['reconcile', 'stock']],
    ['reconcile stock --count', () => ['reconcile', 'stock', '--count', count(() => healthy)]],
    ['runbook list', () => ['runbook', 'list']],
    ['runbook status', () => ['runbook', 'status', '--all']],
    ['fleet status (no bucket)', () => ['fleet', 'status']],
    ['keys generate', () => ['keys', 'generate', '--out', path.join(tmp.dir, 'keys-a', 'identity.txt')]],
    ['keys generate --signing', () => ['keys', 'generate', '--signing', '--out', path.join(tmp.dir, 'keys-b', 'signing.key')]],
  ];
  it.each(cases)('%s', async (_name, args) => {
    await zh(healthy, args());
  });

  it.each(runbookFiles(undefined).map((f) => [f.id]))('runbook show %s', async (id) => {
    await zh(healthy, ['runbook', 'show', id], 0);
  });

  it('init without a terminal, and demo init', async () => {
    const dir = path.join(tmp.dir, 'fresh');
    mkdirSync(dir);
    const init = await runCli(['--lang', 'zh', 'init', '--store-id', 'SH-0099', '--store-name', '新店', '--database', 'main=./store.db', '--recipient', healthy.recipient], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expectChinese('store-ops init', init);
    const demo = await runCli(['--lang', 'zh', 'demo', 'init', 'demo', '--now', '2026-11-21T20:00:00+08:00'], { cwd: dir });
    expect(demo.code, demo.stderr).toBe(0);
    expectChinese('store-ops demo init', demo);
  });

  const helps = [...new Set(['', ...COMMANDS.flatMap((c) => [c.words[0]!, c.words.join(' ')])])];
  it.each(helps)('store-ops %s --help', async (words) => {
    const args = ['--lang', 'zh', ...words.split(' ').filter(Boolean), '--help'];
    const r = await runCli(args, { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expectChinese(`store-ops ${args.join(' ')}`, r, optionValues());
  });

  it('usage errors, which repeat what was typed and point at the help in the same language', async () => {
    const typed = ['bogus', 'all'];
    for (const args of [['backup', 'bogus'], ['backup', 'verify', '--bogus'], ['restore', '--only', 'all'], ['runbook', 'show'], ['runbook', 'report', '1', '2']]) {
      const r = await runCli(['--lang', 'zh', ...args], { cwd: tmp.dir });
      expect(r.code).toBe(2);
      expectChinese(`store-ops --lang zh ${args.join(' ')}`, r, [...typed, ...optionValues()]);
      expect(r.stderr).toMatch(/^→ 可以运行：store-ops --lang zh (?:backup|backup verify|restore|runbook show|runbook report) --help$/m);
    }
  });
});

describe('zh text on a store whose database is damaged, in order', () => {
  it('status, diagnose, reconcile and the restore dry run', async () => {
    await Promise.all([
      zh(damaged, ['status']),
      zh(damaged, ['diagnose'], 2),
      zh(damaged, ['reconcile', 'sales']),
      zh(damaged, ['reconcile', 'stock']),
      zh(damaged, ['restore', '--latest', '--dry-run'], 0),
    ]);
  });

  it('restore, restore --undo, restore again', async () => {
    await zh(damaged, ['restore', '--latest', '--yes'], 0);
    await zh(damaged, ['restore', '--undo', '--yes'], 0);
    await zh(damaged, ['restore', '--latest', '--yes'], 0);
  });

  it('reconcile sales and stock with --apply, and their undo', async () => {
    await zh(damaged, ['reconcile', 'sales', '--apply', '--yes'], 0);
    await zh(damaged, ['reconcile', 'stock', '--count', count(() => damaged), '--apply', '--yes'], 0);
    await zh(damaged, ['reconcile', 'undo', '--yes'], 0);
    await zh(damaged, ['reconcile', 'undo', '--yes']);
  });

  it('a runbook walked with an answers file, its status and report; one stopped half-way', async () => {
    const rb = (id: string) => loadRunbookFile(runbookFiles(undefined).find((f) => f.id === id)!, { cwd: ROOT });
    const full = path.join(damaged.dir, 'restore-answers.yaml');
    writeFileSync(full, answersFor(rb('restore-from-backup'), { run: true, lang: 'zh' }));
    await zh(damaged, ['runbook', 'start', 'restore-from-backup', '--answers', full], 0);
    const half = path.join(damaged.dir, 'pos-crash-answers.yaml');
    writeFileSync(half, answersFor(rb('pos-crash'), { run: false, lang: 'zh', omit: ['restart-service'] }));
    await zh(damaged, ['runbook', 'start', 'pos-crash', '--answers', half], 2);
    await zh(damaged, ['runbook', 'status'], 0);
    await zh(damaged, ['runbook', 'status', '--all'], 0);
    const report = await zh(damaged, ['runbook', 'report', '1'], 0);
    expect(report.stdout).toContain('# 事件 #1：从备份恢复');
    await zh(damaged, ['runbook', 'report', '2'], 0);
    await zh(damaged, ['runbook', 'report', '2', '--out', path.join(damaged.dir, 'report-2.md')], 0);
  });
});
