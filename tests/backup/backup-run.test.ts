// backup run on the demo store, end to end: the archive and sidecar it writes, the manifest,
// and the by-hand restore with the standard age and tar programs for both codecs.
import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
let result: { ok: boolean; archive: string; sidecar: string; size: number; sha256: string; codec: string; databases: Array<{ name: string; integrity_check: string }>; event_loop_max_delay_ms: number };

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const r = await store.cli(['--json', 'backup', 'run']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  result = JSON.parse(r.stdout);
});
afterAll(tmp.cleanup);

describe('backup run on the demo store', () => {
  it('writes an archive named after the store, the time and the codec, and its sidecar', () => {
    expect(result.archive).toMatch(/^SH-0012_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.zst\.age$/);
    expect(readdirSync(store.backups).sort()).toEqual([result.archive.replace(/\.tar\.zst\.age$/, '.json'), result.archive.replace(/\.tar\.zst\.age$/, '.json.minisig'), result.archive].sort());
    const sidecar = JSON.parse(readFileSync(path.join(store.backups, result.sidecar), 'utf8'));
    const archive = path.join(store.backups, result.archive);
    expect(sidecar).toMatchObject({ format: 'store-ops-backup', format_version: 1, store: 'SH-0012', codec: 'zstd', file: result.archive });
    expect(sidecar.size).toBe(readFileSync(archive).length);
    expect(sidecar.sha256).toBe(sha256(archive));
    expect(sidecar.recipients).toEqual([store.recipient]);
    expect(JSON.stringify(sidecar)).not.toMatch(/AGE-SECRET-KEY|store\.db|sales/);
  });

  it('restores by hand with age and GNU tar, and the manifest matches every member', () => {
    const out = path.join(tmp.dir, 'by-hand');
    mkdirSync(out);
    execSync(`age -d -i "${store.identity}" "${path.join(store.backups, result.archive)}" | tar --zstd -x -C "${out}"`);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.store.id).toBe('SH-0012');
    const names = manifest.members.map((m: { name: string }) => m.name).sort();
    expect(names).toEqual(['databases/main.db', 'files/config/pos-server.ini', 'files/config/printers.json', 'files/config/tax.json']);
    for (const m of manifest.members) expect(sha256(path.join(out, m.name))).toBe(m.sha256);
    const db = new Database(path.join(out, 'databases', 'main.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const facts = manifest.databases[0];
    expect(facts.integrity_check).toBe('ok');
    expect(facts.row_counts.sales).toBe((db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n);
    expect(facts.page_count).toBe(db.pragma('page_count', { simple: true }));
    db.close();
    expect(readFileSync(path.join(out, 'files', 'config', 'pos-server.ini'), 'utf8')).toBe(readFileSync(path.join(store.dir, 'config', 'pos-server.ini'), 'utf8'));
  });

  it('writes the Prometheus textfile the config asks for', () => {
    const prom = readFileSync(path.join(store.dir, 'metrics', 'store_ops.prom'), 'utf8');
    expect(prom).toMatch(/^store_ops_backup_last_success_timestamp_seconds\{store="SH-0012"\} \d{10}$/m);
    expect(prom).toContain(`store_ops_backup_last_size_bytes{store="SH-0012"} ${result.size}`);
    expect(prom).toMatch(/^store_ops_backup_last_run_success\{store="SH-0012"\} 1$/m);
  });

  it('prints one summary line under cron (no terminal) and nothing else', async () => {
    const r = await store.cli(['backup', 'run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backup ok: SH-0012_\S+\.tar\.zst\.age \([\d.]+ [KM]B, zstd\) in [\d.]+ s to local\n$/);
  });

  it('with compression: gzip writes .tar.gz.age, which age and tar xz restore', async () => {
    const gz = await makeDemoStore(tmp.dir, 'gzip-shop', '  compression: gzip\n');
    const r = await gz.cli(['--json', 'backup', 'run']);
    expect(r.code).toBe(0);
    const { archive } = JSON.parse(r.stdout) as { archive: string };
    expect(archive).toMatch(/\.tar\.gz\.age$/);
    const listing = execSync(`age -d -i "${gz.identity}" "${path.join(gz.backups, archive)}" | tar tz`, { encoding: 'utf8' });
    expect(listing.split('\n').filter(Boolean).sort()).toEqual(['databases/main.db', 'files/config/pos-server.ini', 'files/config/printers.json', 'files/config/tax.json', 'manifest.json']);
  });

  it('leaves no scratch copies or lock behind', () => {
    expect(readdirSync(path.join(store.dir, '.store-ops', 'tmp'))).toEqual([]);
    expect(existsSync(path.join(store.dir, '.store-ops', 'locks', 'store.lock'))).toBe(false);
  });

  it('records an audit row per run', async () => {
    const { readAudit } = await import('../../src/core/audit.js');
    const rows = readAudit(path.join(store.dir, '.store-ops')).filter((r) => r.command === 'backup run');
    expect(rows.length).toBe(2);
    expect(rows[0]!.outcome).toBe('ok');
    expect(rows[1]!.details.archive).toBe(result.archive);
  });
});
