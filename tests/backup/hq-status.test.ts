// The status a store writes for HQ, against a real S3-compatible server on loopback: written after
// backup run, verify and diagnose, with what HQ needs and nothing secret, signed with the store's
// key (checked with the minisign program), and a bucket that fails or stalls costs a warning only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NOW, tempDir } from '../helpers/cli.js';
import { startS3Proxy, startS3Server, type S3Proxy, type S3Server } from '../helpers/s3-server.js';
import { keysIn, makeS3Store, objectBytes, setS3Destination, type S3Store } from '../helpers/s3-store.js';

const tmp = tempDir();
const BUCKET = 'chain-status';
const PREFIX = 'stores/SH-0012/';
let server: S3Server;
let store: S3Store;

const statusText = async () => (await objectBytes(server.endpoint, BUCKET, `${PREFIX}status.json`)).toString('utf8');
const status = async () => JSON.parse(await statusText()) as Record<string, any>;

/** What the minisign program says of the status in the bucket, with the store's public key. */
async function minisignVerdict(): Promise<string> {
  const dir = path.join(tmp.dir, 'check');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'status.json'), await objectBytes(server.endpoint, BUCKET, `${PREFIX}status.json`));
  writeFileSync(path.join(dir, 'status.json.minisig'), await objectBytes(server.endpoint, BUCKET, `${PREFIX}status.json.minisig`));
  return execFileSync('minisign', ['-V', '-m', path.join(dir, 'status.json'), '-p', path.join(store.dir, 'keys', 'signing.key.pub')], { encoding: 'utf8' });
}

beforeAll(async () => {
  server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET]);
  store = await makeS3Store(tmp.dir, 'shop', { endpoint: server.endpoint, bucket: BUCKET });
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

describe('status.json for HQ', () => {
  let backupId: string;

  it('is written after backup run, beside the backup, signed by the store\'s key', async () => {
    const r = await store.s3cli(['--json', 'backup', 'run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    backupId = JSON.parse(r.stdout).id;
    expect(await keysIn(server.endpoint, BUCKET, PREFIX)).toEqual(expect.arrayContaining([`${PREFIX}status.json`, `${PREFIX}status.json.minisig`]));
    const s = await status();
    expect(s).toMatchObject({
      format: 'store-ops-status', format_version: 1, store: { id: 'SH-0012', timezone: 'Asia/Shanghai' }, written_by: 'backup run',
      max_age_hours: 26, newest_backup: { id: backupId, size: expect.any(Number), verified: { level: 'never', at: null } },
      last_deep_verify: null, last_drill: null, last_diagnose: null, tool_version: expect.any(String),
    });
    expect(s.written_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(s.newest_backup.created).toMatch(/\+08:00$/);
    expect(await minisignVerdict()).toMatch(/Signature and comment signature verified[\s\S]*store-ops status store:SH-0012/);
  });

  it('holds no secret and nothing of the store machine: no recipient, identity, key or path', async () => {
    const text = await statusText();
    expect(text).not.toContain(store.recipient);
    expect(text).not.toMatch(/age1|AGE-SECRET|identity|recipient|signing_key|RW[A-Za-z0-9+/]{54}/);
    expect(text).not.toContain(store.dir);
    expect(text).not.toMatch(/"\/|[A-Za-z]:\\/);
  });

  it('is rewritten after a drill with the verify and the measured restore time', async () => {
    const r = await store.s3cli(['--json', 'backup', 'verify', '--latest', '--drill']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = await status();
    expect(s.written_by).toBe('backup verify');
    expect(s.newest_backup.verified.level).toBe('drill');
    expect(s.last_deep_verify).toMatchObject({ ok: true, at: expect.stringMatching(/\+08:00$/) });
    expect(s.last_drill).toMatchObject({ ok: true, restore_seconds: expect.any(Number) });
    expect(s.last_drill.restore_seconds).toBeGreaterThan(0);
    expect(await minisignVerdict()).toMatch(/verified/);
  });

  it('carries the last diagnose, which status now shows too', async () => {
    const d = await store.s3cli(['--json', 'diagnose', '--now', DEMO_NOW]);
    const verdict = JSON.parse(d.stdout);
    expect(d.stderr).toBe('');
    const s = await status();
    expect(s.written_by).toBe('diagnose');
    expect(s.last_diagnose).toEqual({
      checked_at: '2026-11-21T20:00:00+08:00', status: verdict.status, exit_code: d.code,
      cause_class: verdict.causes[0]?.class ?? null, runbook: expect.toSatisfy((v: unknown) => v === null || typeof v === 'string'),
    });
    const st = await store.s3cli(['--json', 'status']);
    expect(JSON.parse(st.stdout).diagnose).toMatchObject({ status: verdict.status, exit_code: d.code, checked_at: '2026-11-21T12:00:00.000Z' });
    const text = await store.s3cli(['status']);
    expect(text.stdout).toContain(verdict.status.toUpperCase());
    // The next backup run still carries it: it comes from the state database, not from diagnose's own run.
    expect((await store.s3cli(['backup', 'run'])).code).toBe(0);
    expect((await status()).last_diagnose).toMatchObject({ status: verdict.status, exit_code: d.code });
  });
});

describe('a bucket that will not take the status', () => {
  let proxy: S3Proxy;
  beforeAll(async () => {
    proxy = await startS3Proxy(server.endpoint);
    setS3Destination(store.config, { endpoint: proxy.endpoint, bucket: BUCKET, timeout_seconds: 2 });
  });
  afterAll(async () => proxy?.close());

  it('turns a failing write into a warning; the command\'s own exit code stands', async () => {
    const before = await statusText();
    proxy.rule = (req) => (req.method === 'PUT' && req.url!.includes('status.json') ? 'fail' : 'pass');
    const r = await store.s3cli(['--json', 'backup', 'verify', '--latest', '--quick']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(r.stderr).toMatch(/^warning: the status for HQ was not written to offsite: .*HTTP 500/m);
    expect(await statusText()).toBe(before);
  });

  it('gives up on a stalled bucket after the destination\'s timeout', async () => {
    proxy.rule = (req) => (req.url!.includes('status.json') ? 'stall' : 'pass');
    const r = await store.s3cli(['--lang', 'zh', 'backup', 'verify', '--latest', '--quick']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('警告：未能把给总部的状态写入 offsite');
    expect(r.stderr).toContain('等待 2 秒无响应，已放弃');
  });

  it('waits its turn behind another command writing the status, and gives up with who holds it', async () => {
    proxy.rule = () => 'pass';
    const locks = path.join(store.dir, '.store-ops', 'locks');
    mkdirSync(locks, { recursive: true, mode: 0o700 });
    // A live writer: this test's own process, as a backup run finishing on the same machine would hold it.
    const owner = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), operation: 'backup run' };
    writeFileSync(path.join(locks, 'hq-status.lock'), JSON.stringify(owner), { mode: 0o600 });
    try {
      const before = await statusText();
      const r = await store.s3cli(['backup', 'verify', '--latest', '--quick']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`warning: the status for HQ was not written to offsite: "backup run" is running (pid ${process.pid} on host ${os.hostname()}`);
      expect(await statusText()).toBe(before);
    } finally {
      rmSync(path.join(locks, 'hq-status.lock'), { force: true });
    }
  });

  it('writes nothing to a folder destination', () => {
    expect(() => readFileSync(path.join(store.backups, 'status.json'))).toThrow();
  });
});
