// diagnose end to end on small stores built in code: the database probe (damaged, not a
// database, locked past the busy timeout, a stopped till, an old schema) and the overall
// budget. The probes run in the built CLI, as a monitor runs them.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceSchema } from '../../src/store/schema.js';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
const NOW = '2026-11-21T15:00:00+08:00';
let silent: net.Server;
let silentPort: number;
const held: net.Socket[] = [];
let locker: ChildProcess | undefined;

beforeAll(async () => {
  silent = net.createServer((socket) => held.push(socket));
  silentPort = await new Promise((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as net.AddressInfo).port)));
});
afterAll(async () => {
  locker?.kill('SIGKILL');
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  tmp.cleanup();
});

interface Json {
  status: string;
  exit_code: number;
  duration_ms: number;
  findings: Array<{ id: string; severity: string; runbook: string | null; source: string }>;
  probes: Array<{ name: string; status: string; value: number | null; message: string }>;
}

/** A store with one reference-schema database whose last sale was at `lastSale`. */
function store(name: string, opts: { lastSale?: string; journal?: 'wal' | 'delete'; userVersion?: number; timeoutMs?: number; probes?: string } = {}): { config: string; db: string } {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  const file = path.join(dir, 'store.db');
  const db = new Database(file);
  db.pragma(`journal_mode = ${opts.journal ?? 'wal'}`);
  createReferenceSchema(db);
  if (opts.userVersion !== undefined) db.pragma(`user_version = ${opts.userVersion}`);
  for (let i = 0; i < 2000; i++) db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES ('POS-01', ?, ?, 'c01', 'sale', 7)").run(String(i), opts.lastSale ?? '2026-11-21T14:50:00+08:00');
  db.close();
  const config = path.join(dir, 'store-ops.yaml');
  writeFileSync(config, [
    'store: { id: T-1, name: test, timezone: Asia/Shanghai, opening_hours: "07:00-22:00" }',
    'databases: [{ name: main, path: ./store.db }]',
    `probes:\n  timeout_ms: ${opts.timeoutMs ?? 500}\n  load: { warn_per_core: 1000, critical_per_core: 2000 }\n  memory: { warn_available_percent: 0, critical_available_percent: 0 }${opts.probes ?? ''}`,
  ].join('\n'));
  return { config, db: file };
}

async function diagnose(config: string, ...extra: string[]): Promise<{ code: number; json: Json; stderr: string }> {
  const r = await runCli(['--config', config, '--json', 'diagnose', '--now', NOW, ...extra], { cwd: tmp.dir });
  return { code: r.code, json: JSON.parse(r.stdout) as Json, stderr: r.stderr };
}

const probe = (j: Json, name: string) => j.probes.find((p) => p.name === name)!;

describe('diagnose: the database probe', () => {
  it('finds a sound database selling normally: only the missing backup section and full check are warnings', async () => {
    const { code, json } = await diagnose(store('sound').config);
    expect(probe(json, 'database:main').status).toBe('ok');
    expect(probe(json, 'database:main:last-sale')).toMatchObject({ status: 'ok', value: 10 });
    expect(json.findings.map((f) => f.id).sort()).toEqual(['backup-not-configured', 'db-full-check-old']);
    expect(code).toBe(1);
  });

  it('calls a store that stopped selling for twice the limit during opening hours CRITICAL', async () => {
    const { json } = await diagnose(store('stopped', { lastSale: '2026-11-21T12:30:00+08:00' }).config);
    expect(probe(json, 'database:main:last-sale')).toMatchObject({ status: 'critical', value: 150 });
    expect(json.findings.find((f) => f.id === 'no-recent-sales')?.runbook).toBe('pos-crash');
  });

  it('counts only trading minutes: a sale at closing yesterday is 30 minutes old at 07:30', async () => {
    const { json } = await diagnose(store('morning', { lastSale: '2026-11-20T21:55:00+08:00' }).config, '--now', '2026-11-21T07:30:00+08:00');
    expect(probe(json, 'database:main:last-sale')).toMatchObject({ status: 'ok', value: 35 });
  });

  it('warns about a schema version the reference mapping does not expect', async () => {
    const { json } = await diagnose(store('old-schema', { userVersion: 0 }).config);
    expect(probe(json, 'database:main:schema')).toMatchObject({ status: 'warning', value: 0 });
  });

  it('finds damage in the b-tree pages with the walk: CRITICAL, sqlite-corrupt, runbook db-corruption', async () => {
    const s = store('damaged-pages', { journal: 'delete' });
    const fd = openSync(s.db, 'r+');
    writeSync(fd, Buffer.alloc(8 * 4096, 0xa5), 0, 8 * 4096, 4 * 4096);
    closeSync(fd);
    const { code, json } = await diagnose(s.config);
    expect(code).toBe(2);
    expect(json.findings.find((f) => f.id === 'sqlite-corrupt')).toMatchObject({ severity: 'critical', runbook: 'db-corruption', source: 'probe' });
  });

  it('calls a file whose header was overwritten not a database: CRITICAL, runbook db-corruption', async () => {
    const s = store('bad-header', { journal: 'delete' });
    const fd = openSync(s.db, 'r+');
    writeSync(fd, Buffer.from('this is not sqlite at all'), 0, 25, 0);
    closeSync(fd);
    const { code, json } = await diagnose(s.config);
    expect(code).toBe(2);
    expect(json.findings.find((f) => f.id === 'sqlite-notadb')).toMatchObject({ severity: 'critical', runbook: 'db-corruption' });
  });

  it('reports a database locked by another process for longer than the busy timeout', async () => {
    const s = store('locked', { journal: 'delete' });
    locker = spawn(process.execPath, ['-e', `
      const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new D(${JSON.stringify(s.db)}); db.exec('BEGIN EXCLUSIVE'); db.exec("UPDATE sales SET total = 8 WHERE id = 1");
      process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => locker!.stdout!.once('data', resolve));
    const { code, json } = await diagnose(s.config);
    locker.kill('SIGKILL');
    expect(code).toBe(2);
    expect(probe(json, 'database:main').message).toContain('locked');
    expect(json.findings.find((f) => f.id === 'db-locked')).toMatchObject({ severity: 'critical', runbook: 'pos-crash' });
  });
});

describe('diagnose: the budget', () => {
  it('stops waiting for a device that accepts and never answers when the budget runs out, and reports it', async () => {
    const s = store('budget', {
      timeoutMs: 30_000,
      probes: `\n  budget_ms: 800\n  tcp: [{ name: printer-9, host: 127.0.0.1, port: ${silentPort}, check: escpos }]`,
    });
    const started = Date.now();
    const { json } = await diagnose(s.config);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(['unknown', 'warning']).toContain(probe(json, 'tcp:printer-9').status);
    expect(probe(json, 'database:main').status).toBe('ok');
  });
});
