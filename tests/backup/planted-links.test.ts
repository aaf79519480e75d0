// backup run against a backup folder someone else can write to, and against a config that aims
// its metrics at the database: the file a planted link points at, and the database, stay
// byte-identical.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const PID_MAX = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir, 'shop', '  compression: gzip\n');
}, 180_000);
afterAll(() => tmp.cleanup());

describe('backup run with links planted in the backup folder', () => {
  it('a link under the writability-probe name of every possible pid leaves the file it points at byte-identical', async () => {
    const victim = path.join(tmp.dir, 'victim.db');
    writeFileSync(victim, 'the file the attacker wants truncated');
    const before = sha(victim);
    // Every pid the next run could get: the old probe name was .store-ops-write-test-<pid>.
    for (let pid = 1; pid < PID_MAX; pid++) symlinkSync(victim, path.join(store.backups, `.store-ops-write-test-${pid}`));
    const r = await store.cli(['backup', 'run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sha(victim)).toBe(before);
    expect(readdirSync(store.backups).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  }, 120_000);
});

describe('backup.metrics_file on the database', () => {
  it('config check exits 2 naming the line and key, and backup run refuses with the database byte-identical', async () => {
    const text = readFileSync(store.config, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('metrics_file:')) + 1;
    writeFileSync(store.config, text.replace(/metrics_file: .*/, 'metrics_file: ./store.db'));
    const db = path.join(store.dir, 'store.db');
    const before = sha(db);
    const check = await store.cli(['config', 'check']);
    expect(check.stderr.split('\n')[0]).toBe(
      `store-ops: shop/store-ops.yaml:${line}: backup.metrics_file (./store.db) is also databases[0].path (./store.db); what store-ops writes or backs up must stay apart from the store's data`,
    );
    expect(check.stdout).toBe('');
    expect(check.code).toBe(2);
    const run = await store.cli(['--json', 'backup', 'run']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'paths.is' } });
    expect(sha(db)).toBe(before);
  });
});
