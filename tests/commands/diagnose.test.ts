// diagnose on the demo store, end to end: every planted incident found with its class and
// runbook, the power failure ranked as the cause of the corruption, the three output formats,
// the help's exit-code line, and usage errors that leave stdout empty.
import { copyFileSync, readFileSync, writeFileSync, closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { displayWidth } from '../../src/ui/format.js';

const tmp = tempDir();
let demo: DemoStore;
afterAll(tmp.cleanup);
beforeAll(async () => {
  demo = await makeDemoStore(tmp.dir);
});

interface Json {
  status: string;
  exit_code: number;
  checked_at: string;
  since: string;
  causes: Array<{ class: string; confidence: number; runbook: string | null; runbooks: string[]; findings: string[]; summary: string }>;
  findings: Array<{ id: string; source: string; class: string; severity: string; count: number; runbook: string | null; first_seen: string | null; evidence: Array<{ file: string; line: number | null; text: string }> }>;
  probes: Array<{ name: string; kind: string; status: string }>;
  logs: Array<{ file: string; encoding: string; lines: number }>;
}

const PLANTED: Record<string, [string, string]> = {
  'sqlite-busy': ['software', 'pos-crash'],
  'disk-io-error': ['hardware', 'hardware-failure'],
  'buffer-io-error': ['hardware', 'hardware-failure'],
  'fs-error': ['hardware', 'hardware-failure'],
  'sqlite-ioerr': ['hardware', 'hardware-failure'],
  'payment-gateway-timeout': ['external', 'payment-failure'],
  'payment-gateway-5xx': ['external', 'payment-failure'],
  'ups-power-failure': ['external', 'power-loss'],
  'ups-on-battery': ['external', 'power-loss'],
  'ups-shutdown': ['external', 'power-loss'],
  'unclean-shutdown': ['external', 'power-loss'],
  'fsck-recovery': ['external', 'power-loss'],
  'ssh-failed-login': ['human', 'security-incident'],
  'app-failed-login': ['human', 'security-incident'],
  'account-locked': ['human', 'security-incident'],
  'sqlite-corrupt': ['software', 'db-corruption'],
  'systemd-unit-failed': ['software', 'pos-crash'],
};

async function diagnoseJson(...args: string[]): Promise<{ code: number; json: Json; stderr: string }> {
  const r = await demo.cli(['--json', 'diagnose', '--now', DEMO_NOW, ...args]);
  return { code: r.code, json: JSON.parse(r.stdout) as Json, stderr: r.stderr };
}

describe('diagnose on the demo store', () => {
  it('finds every planted incident with its cause class and runbook, and exits 2 (CRITICAL)', async () => {
    const { code, json, stderr } = await diagnoseJson('--since', '2d');
    expect(stderr).toBe('');
    expect(code).toBe(2);
    expect(json).toMatchObject({ status: 'critical', exit_code: 2, checked_at: '2026-11-21T20:00:00+08:00', since: '2026-11-19T20:00:00+08:00' });
    const found = Object.fromEntries(json.findings.map((f) => [f.id, [f.class, f.runbook]]));
    for (const [id, expected] of Object.entries(PLANTED)) expect([id, found[id]]).toEqual([id, expected]);
    const corrupt = json.findings.find((f) => f.id === 'sqlite-corrupt')!;
    expect(corrupt.evidence.map((e) => e.file)).toEqual(['logs/pos-server.log', 'logs/inventory.log']);
    expect(corrupt.evidence[1]!.text).toContain('数据库文件已损坏');
    expect(json.findings.find((f) => f.id === 'payment-gateway-timeout')!.evidence[0]!.file).toBe('logs/pos-server.log.1.gz');
  });

  it('ranks the power failure as the cause of the corruption, the disk errors second, and points at the salvage runbook without a backup', async () => {
    const { json } = await diagnoseJson('--since', '2d');
    const [first, second] = json.causes;
    expect(first).toMatchObject({ class: 'external', runbook: 'power-loss' });
    expect(first!.findings).toEqual(expect.arrayContaining(['ups-power-failure', 'sqlite-corrupt', 'unclean-shutdown']));
    expect(first!.runbooks).toEqual(expect.arrayContaining(['db-corruption', 'data-loss-no-backup']));
    expect(second).toMatchObject({ class: 'hardware', runbook: 'hardware-failure' });
    expect(second!.findings).toEqual(expect.arrayContaining(['disk-io-error', 'sqlite-corrupt']));
    expect(first!.confidence).toBeGreaterThan(second!.confidence);
  });

  it('reads 24 hours back from --now by default, so the day-before gateway outage is left out', async () => {
    const { json } = await diagnoseJson();
    const ids = json.findings.map((f) => f.id);
    expect(ids).not.toContain('payment-gateway-timeout');
    expect(ids).toEqual(expect.arrayContaining(['sqlite-corrupt', 'ups-power-failure']));
  });

  it('reports the demo devices on closed ports and the missing backups as probe findings', async () => {
    const { json } = await diagnoseJson();
    expect(json.probes.filter((p) => p.kind === 'tcp').map((p) => p.status)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(json.findings.find((f) => f.id === 'backup-missing')).toMatchObject({ source: 'probe', severity: 'critical' });
  });

  it('prints the verdict first, then the causes, in Chinese with --lang zh', async () => {
    const r = await demo.cli(['--lang', 'zh', 'diagnose', '--now', DEMO_NOW]);
    expect(r.code).toBe(2);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^严重 {2}SH-0012/);
    expect(lines.indexOf('可能原因')).toBeGreaterThan(0);
    expect(lines.indexOf('可能原因')).toBeLessThan(lines.indexOf('发现'));
    expect(r.stdout).toContain(`→ 打开预案：store-ops --config ${demo.config} runbook start power-loss`);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    // Status words in Chinese, and the probe names in one column although they take two terminal columns each.
    const rows = lines.slice(lines.indexOf('探测') + 1, lines.findIndex((l) => l.startsWith('日志')) - 1);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row).toMatch(/^ {2}[✓✗] (正常|警告|严重|未知) +\S/);
    expect(new Set(rows.map((row) => displayWidth(row.slice(0, row.search(/[a-z]/)))))).toEqual(new Set([9]));
  });

  it('writes Prometheus metrics to stdout, or atomically to --out with the verdict on stdout', async () => {
    const r = await demo.cli(['diagnose', '--now', DEMO_NOW, '--format', 'prometheus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('store_ops_diagnose_status{store="SH-0012"} 2');
    expect(r.stdout).toMatch(/^store_ops_finding_occurrences\{store="SH-0012",finding="sqlite-corrupt",class="software",severity="critical",source="log",runbook="db-corruption"\} 2$/m);
    for (const line of r.stdout.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+\{[^}]*\} -?[\d.e+-]+)$/);
    const out = path.join(tmp.dir, 'textfile', 'store_ops_diagnose.prom');
    const w = await demo.cli(['diagnose', '--now', DEMO_NOW, '--format', 'prometheus', '--out', out]);
    expect(w.code).toBe(2);
    const names = (text: string) => text.split('\n').filter((l) => l.startsWith('# TYPE')).join('\n');
    expect(names(readFileSync(out, 'utf8'))).toBe(names(r.stdout));
    expect(readFileSync(out, 'utf8')).toContain('store_ops_cause_confidence{store="SH-0012",rank="1",class="external",runbook="power-loss",rule="power-loss"}');
    expect(w.stdout.split('\n')[0]).toMatch(/^CRITICAL/);
    expect(w.stdout).toContain(`Metrics written to ${out}.`);
  });

  it('gives --format json the same document as --json', async () => {
    const r = await demo.cli(['diagnose', '--now', DEMO_NOW, '--format', 'json']);
    expect((JSON.parse(r.stdout) as Json).status).toBe('critical');
  });

  it('finds a corrupted copy of the demo database CRITICAL with the corruption signature and runbook', async () => {
    const copy = path.join(demo.dir, 'damaged.db');
    copyFileSync(path.join(demo.dir, 'store.db'), copy);
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, 200 * 4096);
    closeSync(fd);
    const config = path.join(demo.dir, 'damaged.yaml');
    writeFileSync(config, readFileSync(demo.config, 'utf8').replace('path: ./store.db', 'path: ./damaged.db').replace(/^logs:\n(  .*\n)+/m, ''));
    const r = await runCli(['--config', config, '--json', 'diagnose', '--now', DEMO_NOW], { cwd: tmp.dir });
    const json = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(2);
    expect(json.findings.find((f) => f.id === 'sqlite-corrupt')).toMatchObject({ source: 'probe', severity: 'critical', runbook: 'db-corruption' });
    expect(json.causes.some((c) => c.runbooks.includes('db-corruption'))).toBe(true);

    // In text: the damage as a count under its probe, the first lines indented below it, no line flush left.
    const text = await runCli(['--config', config, '--lang', 'en', 'diagnose', '--now', DEMO_NOW], { cwd: tmp.dir });
    const lines = text.stdout.split('\n');
    const probes = lines.slice(lines.indexOf('Probes') + 1, lines.findIndex((l) => l.startsWith('Logs from')) - 1);
    for (const line of probes) expect(line).toMatch(/^ {2}/);
    const row = probes.findIndex((l) => l.includes('database:main '));
    const count = Number(/main: DAMAGED: (\d+) problem\(s\) found reading every page and by quick_check/.exec(probes[row]!)?.[1]);
    expect(count).toBeGreaterThan(10);
    const indent = probes[row]!.indexOf('database:main');
    expect(probes.slice(row + 1, row + 5).map((l) => l.slice(0, indent).trim())).toEqual(['', '', '', '']);
    expect(probes[row + 1]!.slice(indent)).toMatch(/^(table|index) \w+: SQLITE_CORRUPT/);
    expect(probes[row + 4]!.slice(indent)).toBe(`… and ${count - 3} more (--verbose shows them all)`);

    const verbose = await runCli(['--config', config, '--lang', 'en', '--verbose', 'diagnose', '--now', DEMO_NOW], { cwd: tmp.dir });
    const all = verbose.stdout.split('\n');
    const at = all.findIndex((l) => l.includes('database:main ') && l.includes('DAMAGED'));
    expect(all.slice(at + 1, at + 1 + count).every((l) => l.startsWith(' '.repeat(indent)) && l.trim() !== '')).toBe(true);
    expect(all[at + 1 + count]).toMatch(/^ {2}[✓✗] /);
    expect(verbose.stdout).not.toContain('more (--verbose');
  });
});

describe('diagnose on a store with a backup nobody has verified or drilled', () => {
  it('names the command that settles both, pasteable with --config, instead of a runbook', async () => {
    const store = await makeDemoStore(tmp.dir, 'undrilled');
    expect((await store.cli(['backup', 'run'])).code).toBe(0);
    const r = await store.cli(['--json', 'diagnose']);
    const json = JSON.parse(r.stdout) as Json & { causes: Array<{ command: string | null }> };
    const command = `store-ops --config ${store.config} backup verify --latest --drill`;
    expect(json.causes.find((c) => c.findings.includes('backup-drill-old'))).toMatchObject({
      runbook: null, command, findings: ['backup-unverified', 'backup-drill-old'],
    });
    const text = await store.cli(['--lang', 'en', 'diagnose']);
    expect(text.stdout).toContain(`→ run: ${command}`);
    expect(text.stdout).not.toContain('runbook start restore-from-backup');
  });
});

describe('diagnose, usage', () => {
  it('ends its --help with its own exit codes', async () => {
    const r = await runCli(['diagnose', '--help'], { cwd: tmp.dir });
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^Exit codes \(monitoring convention\): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN/);
    expect(r.stdout).toContain('--since <duration|time>');
  });

  it.each([
    [['--since', 'yesterday'], '--since must be a duration'],
    [['--now', 'soon'], '--now must be a time'],
    [['--since', '2026-11-22 08:00'], 'is after the moment judged (2026-11-21 20:00 +08:00)'],
    [['--format', 'prometheus', '--json'], 'ask for two different outputs'],
    [['--out', 'x.prom'], 'needs --format prometheus'],
  ])('refuses %j with one line and nothing on stdout', async (args, message) => {
    const r = await demo.cli(['diagnose', '--now', DEMO_NOW, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (!args.includes('--json')) expect(r.stdout).toBe('');
  });
});
