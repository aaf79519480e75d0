// A healthy store exits 0: the demo store after its backup and a restore drill, selling now,
// with clean logs (ordinary lines and near misses only) and devices that answer.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { recordDatabaseCheck } from '../../src/backup/check-ledger.js';
import { isoInZone } from '../../src/checks/store-time.js';
import { SAMPLES } from '../checks/signature-samples.js';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let demo: DemoStore;
const tcp = net.createServer((s) => s.end());
const web = http.createServer((_req, res) => res.end('ok'));
const port = (s: net.Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));

beforeAll(async () => {
  demo = await makeDemoStore(tmp.dir);
  const now = Date.now();
  const db = new Database(path.join(demo.dir, 'store.db'));
  db.prepare("INSERT INTO sales (register, receipt_no, at, cashier, kind, total) VALUES ('POS-01', 'healthy-1', ?, 'c01', 'sale', 3.5)").run(isoInZone(now, 'Asia/Shanghai'));
  db.close();
  const stamp = isoInZone(now - 60_000, 'Asia/Shanghai').slice(0, 19).replace('T', ' ');
  const lines = ['INFO  [sales] receipt committed register=POS-01 items=3 ms=12', ...Object.values(SAMPLES).map((s) => s.miss)];
  writeFileSync(path.join(demo.dir, 'logs', 'clean.log'), lines.map((l) => `${stamp} ${l}`).join('\n') + '\n');
  const config = parse(readFileSync(demo.config, 'utf8'));
  config.logs = [{ path: './logs/clean.log', encoding: 'utf-8' }];
  config.probes.tcp = [{ name: 'receipt-printer-1', host: '127.0.0.1', port: await port(tcp) }];
  config.probes.http = [{ name: 'payment-gateway', url: `http://127.0.0.1:${await port(web)}/health`, expect_status: 200 }];
  // CI machines run many tests at once: the load is not what this test is about.
  config.probes.load = { warn_per_core: 1000, critical_per_core: 2000 };
  writeFileSync(demo.config, stringify(config));
  for (const args of [['backup', 'run'], ['backup', 'verify', '--latest', '--drill']]) {
    const r = await demo.cli(args);
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  // The night's full check, as the backup records it (written here so the test does not depend on which command records it).
  recordDatabaseCheck(path.join(demo.dir, '.store-ops'), {
    database: 'main', path: path.join(demo.dir, 'store.db'), kind: 'integrity_check', ok: true, result: 'ok',
    state_at: new Date(now - 3_600_000).toISOString(), checked_at: new Date(now - 3_500_000).toISOString(), source: 'backup', backup: null, duration_ms: 100,
  });
});

afterAll(async () => {
  await new Promise((resolve) => tcp.close(resolve));
  await new Promise((resolve) => web.close(resolve));
  tmp.cleanup();
});

describe('diagnose on a healthy store', () => {
  it('exits 0 with status ok, no finding and no cause, every probe ok', async () => {
    const r = await demo.cli(['--json', 'diagnose']);
    const json = JSON.parse(r.stdout) as { status: string; findings: unknown[]; causes: unknown[]; probes: Array<{ name: string; status: string }> };
    expect(json.probes.filter((p) => p.status !== 'ok')).toEqual([]);
    expect(json.findings).toEqual([]);
    expect(json.causes).toEqual([]);
    expect(json.status).toBe('ok');
    expect(r.code).toBe(0);
  });

  it('says so first in text', async () => {
    const r = await demo.cli(['diagnose']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^OK {2}SH-0012/);
    expect(r.stdout).toContain('Everything checked is healthy.');
  });
});
