// A bucket on a bad day, with a real S3 server behind a proxy that fails or stalls requests: the
// folder still gets its backup, the bucket never lists a half-written one, the exit code and the
// summary say which destination failed and why in one line, and what a killed run leaves (an
// unfinished multipart upload) is dealt with by the next run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { S3_CREDENTIALS, startS3Proxy, startS3Server, type S3Proxy, type S3Server } from '../helpers/s3-server.js';
import { keysIn, makeS3Store, setConfig, setS3Destination, type S3Store } from '../helpers/s3-store.js';

const tmp = tempDir();
const BUCKET = 'chain-backups';
let server: S3Server;
let proxy: S3Proxy;
let n = 0;

interface RunJson { ok: boolean; archive: string; created: string; destinations: Array<{ name: string; ok: boolean; error?: string }>; warnings: string[] }

beforeAll(async () => {
  server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET]);
  proxy = await startS3Proxy(server.endpoint);
});
afterEach(() => {
  proxy.rule = () => 'pass';
  proxy.seen.length = 0;
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
  tmp.cleanup();
});

const fresh = (settings: Partial<{ bucket: string; timeout_seconds: number }> = {}) =>
  makeS3Store(tmp.dir, `shop-${++n}`, { endpoint: proxy.endpoint, bucket: BUCKET, ...settings }, `SH-${1000 + n}`);
// The status for HQ is written whatever became of the backup; these tests look at the backups.
const backupObjects = (keys: string[]) => keys.filter((k) => !/\/status\.json(\.minisig)?$/.test(k));
const isPart = (url: string | undefined) => /[?&]partNumber=/.test(url ?? '');
const uploadsOf = (s: S3Store) => {
  const dir = path.join(s.dir, '.store-ops', 'uploads');
  return existsSync(dir) ? readdirSync(dir) : [];
};

async function backup(s: S3Store, env?: Record<string, string | undefined>): Promise<{ code: number; out: RunJson; stderr: string }> {
  const r = await s.s3cli(['--json', 'backup', 'run'], env);
  return { code: r.code, out: JSON.parse(r.stdout) as RunJson, stderr: r.stderr };
}

describe('a destination that refuses or is missing', () => {
  it('wrong credentials: the folder gets the backup, the bucket is named with where the credentials came from, exit 1', async () => {
    const s = await fresh();
    const r = await backup(s, { AWS_ACCESS_KEY_ID: 'WRONGKEY', AWS_SECRET_ACCESS_KEY: 'not-the-secret-42' });
    expect(r.code).toBe(1);
    expect(r.out.destinations.map((d) => [d.name, d.ok])).toEqual([['local', true], ['offsite', false]]);
    expect(r.out.destinations[1]!.error).toBe(`backup destination offsite (${proxy.endpoint}/${BUCKET}/stores/SH-${1000 + n}/) refused the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) while trying to list the bucket (InvalidAccessKeyId, HTTP 403)`);
    expect(JSON.stringify(r.out) + r.stderr).not.toContain('not-the-secret-42');
    const text = await s.cli(['backup', 'run'], { AWS_ACCESS_KEY_ID: 'WRONGKEY', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(text.code).toBe(1);
    expect(text.stdout + text.stderr).toMatch(/backup written to local but FAILED for offsite: backup destination offsite .* refused the credentials/);
    // In Chinese the action and the credentials' source are Chinese too; the server's code stays as it said it.
    const zh = await s.cli(['--lang', 'zh', 'backup', 'run'], { AWS_ACCESS_KEY_ID: 'WRONGKEY', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(zh.stdout + zh.stderr).toContain(`拒绝了来自 环境变量（AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY） 的凭证，操作：列出存储桶内容（InvalidAccessKeyId，HTTP 403）`);
  });

  it('a missing bucket says so in one line', async () => {
    const s = await fresh({ bucket: 'no-such-bucket' });
    const r = await backup(s);
    expect(r.code).toBe(1);
    expect(r.out.destinations[1]!.error).toBe(`backup destination offsite: the bucket no-such-bucket does not exist at ${proxy.endpoint} (tried to list the bucket)`);
  });

  it('a host that cannot be resolved says so, and the folder still gets the backup', async () => {
    const s = await fresh();
    setS3Destination(s.config, { endpoint: 'http://no-such-host.invalid:9000', bucket: BUCKET });
    const r = await backup(s);
    expect(r.code).toBe(1);
    expect(r.out.destinations[0]!.ok).toBe(true);
    expect(r.out.destinations[1]!.error).toMatch(/^backup destination offsite: the host of http:\/\/no-such-host\.invalid:9000 cannot be resolved \(tried to list the bucket\): .*ENOTFOUND/);
  });
});

describe('retain_days on a bucket without object lock', () => {
  it('the backup still lands, and every run says plainly that the retention cannot be kept', async () => {
    const s = await fresh();
    setS3Destination(s.config, { endpoint: proxy.endpoint, bucket: BUCKET, retain_days: 30 });
    const r = await backup(s);
    expect(r.code).toBe(0);
    expect(r.out.warnings).toContain(`destination offsite: bucket ${BUCKET} has no object lock, so retain_days: 30 cannot be kept; anyone with this store's credentials can delete its backups there (create the bucket with object lock enabled)`);
    // Asked for no lock the bucket does not have: the requests carry no retention.
    expect(proxy.seen.some((x) => x.startsWith('GET') && /[?&]object-lock/.test(x))).toBe(true);
  });
});

describe('a server that fails or stalls during the upload', () => {
  it('two 500s on a part are retried and the backup lands whole', async () => {
    const s = await fresh();
    let failures = 0;
    proxy.rule = (req) => (req.method === 'PUT' && isPart(req.url) && failures++ < 2 ? 'fail' : 'pass');
    const r = await backup(s);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(proxy.seen.filter((x) => x.startsWith('PUT') && isPart(x))).toHaveLength(3);
    expect((await keysIn(server.endpoint, BUCKET, `stores/SH-${1000 + n}/`)).filter((k) => k.endsWith('.age'))).toEqual([`stores/SH-${1000 + n}/${r.out.archive}`]);
  });

  it('a part that keeps failing fails that destination only, after its retries; nothing half-written is listed', async () => {
    const s = await fresh();
    proxy.rule = (req) => (req.method === 'PUT' && isPart(req.url) ? 'fail' : 'pass');
    const r = await backup(s);
    expect(r.code).toBe(1);
    expect(r.out.destinations[0]!.ok).toBe(true);
    expect(r.out.destinations[1]!.error).toBe(`backup destination offsite (${proxy.endpoint}/${BUCKET}/stores/SH-${1000 + n}/) failed on the server side after 5 attempts (InternalError, HTTP 500) while trying to upload part 1`);
    expect(proxy.seen.filter((x) => x.startsWith('PUT') && isPart(x))).toHaveLength(5);
    expect(backupObjects(await keysIn(server.endpoint, BUCKET, `stores/SH-${1000 + n}/`))).toEqual([]);
    // The failed upload was aborted on the spot.
    expect(proxy.seen.some((x) => x.startsWith('DELETE') && /uploadId=/.test(x))).toBe(true);
  });

  it('a part damaged on its way, on a server that does not check it: the upload is read back, refused and removed', async () => {
    const s = await fresh();
    let damaged = 0;
    proxy.rule = (req) => (req.method === 'PUT' && isPart(req.url) && damaged++ === 0 ? 'corrupt' : 'pass');
    const r = await backup(s);
    expect(r.code).toBe(1);
    expect(r.out.destinations[0]!.ok).toBe(true);
    expect(r.out.destinations[1]!.error).toMatch(/failed to confirm the upload: the bytes of stores\/SH-\d+\/SH-\d+_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.zst\.age read back from the server are not the ones sent$/);
    expect(backupObjects(await keysIn(server.endpoint, BUCKET, `stores/SH-${1000 + n}/`))).toEqual([]);
  });

  it('a server that stops answering times out after the configured seconds and its retries', async () => {
    const s = await fresh({ timeout_seconds: 1 });
    proxy.rule = (req) => (req.method === 'PUT' && isPart(req.url) ? 'stall' : 'pass');
    const r = await backup(s);
    expect(r.code).toBe(1);
    expect(r.out.destinations[0]!.ok).toBe(true);
    expect(r.out.destinations[1]!.error).toBe(`backup destination offsite (${proxy.endpoint}/${BUCKET}/stores/SH-${1000 + n}/) did not answer within 1 s, 5 attempts (tried to upload part 1)`);
  });
});

describe('runs killed mid-upload', () => {
  it('the server killed mid-upload: no backup is listed, and the next run succeeds and deals with the unfinished upload', async () => {
    const s = await fresh();
    proxy.rule = (req) => {
      if (req.method === 'PUT' && isPart(req.url)) void server.kill();
      return 'pass';
    };
    const killed = await backup(s);
    expect(killed.code).toBe(1);
    expect(killed.out.destinations[0]!.ok).toBe(true);
    expect(killed.out.destinations[1]!.ok).toBe(false);
    server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET], Number(new URL(server.endpoint).port));
    proxy.rule = () => 'pass';
    expect(backupObjects(await keysIn(server.endpoint, BUCKET, `stores/SH-${1000 + n}/`))).toEqual([]);
    const list = JSON.parse((await s.s3cli(['--json', 'backup', 'list', '--destination', 'offsite'])).stdout);
    expect(list.destinations[0].backups).toEqual([]);
    expect(uploadsOf(s)).toHaveLength(1);

    proxy.seen.length = 0;
    const next = await backup(s);
    expect(next.code).toBe(0);
    expect(next.out.destinations.every((d) => d.ok)).toBe(true);
    expect(proxy.seen.some((x) => x.startsWith('DELETE') && /uploadId=/.test(x))).toBe(true);
    // This server cannot abort uploads (405): the run says so once and keeps no note to retry forever.
    expect(next.out.warnings.join('\n')).toMatch(/could not remove the leftover of an interrupted run, offsite\/SH-\d+_\d{8}T\d{6}Z_[0-9a-f]{8}\.tar\.zst\.age \(upload [^)]+\): .*MethodNotAllowed/);
    expect(uploadsOf(s)).toEqual([]);
  });

  it('store-ops killed mid-upload (SIGKILL): its upload is noted, and the next run aborts it', async () => {
    const s = await fresh();
    proxy.rule = (req) => (req.method === 'PUT' && isPart(req.url) ? 'stall' : 'pass');
    const child = spawn(process.execPath, [BIN, '--config', s.config, '--json', 'backup', 'run'], {
      cwd: tmp.dir, env: { PATH: process.env.PATH ?? '', HOME: s.dir, LANG: 'C.UTF-8', TZ: 'UTC', ...S3_CREDENTIALS }, stdio: 'ignore',
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    while (!proxy.seen.some((x) => x.startsWith('PUT') && isPart(x))) await new Promise((r) => setTimeout(r, 20));
    expect(uploadsOf(s)).toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    proxy.rule = () => 'pass';
    const uploadId = /uploadId=([^&]+)/.exec(proxy.seen.find((x) => isPart(x))!)![1];
    const next = await backup(s);
    expect(next.code).toBe(0);
    expect(proxy.seen).toContainEqual(expect.stringMatching(new RegExp(`^DELETE .*uploadId=${uploadId}`)));
    expect(uploadsOf(s)).toEqual([]);
    expect((await keysIn(server.endpoint, BUCKET, `stores/SH-${1000 + n}/`)).filter((k) => k.endsWith('.age'))).toEqual([`stores/SH-${1000 + n}/${next.out.archive}`]);
  });
});

describe('restore when one copy cannot be used', () => {
  it('a bucket that fails while the archive streams: the folder\'s copy of the same backup is restored, and the bucket copy is named as skipped', async () => {
    const s = await fresh();
    setS3Destination(s.config, { endpoint: proxy.endpoint, bucket: BUCKET }, true);
    const made = await backup(s);
    expect(made.code).toBe(0);
    proxy.rule = (req) => (req.method === 'GET' && /\.age(\?|$)/.test(req.url ?? '') ? 'fail' : 'pass');
    const r = await s.s3cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.destination).toBe('local');
    expect(out.backup).toBe(made.out.archive.replace(/\.tar\.zst\.age$/, ''));
    expect(out.skipped).toEqual([{ backup: out.backup, destination: 'offsite', failure: expect.stringMatching(/^read: backup destination offsite .* failed on the server side after 5 attempts \(InternalError, HTTP 500\) while trying to read /) }]);
  });

  it('a damaged folder copy: the bucket\'s copy of the same backup is restored', async () => {
    const s = await fresh();
    const made = await backup(s);
    const archive = path.join(s.backups, made.out.archive);
    const bytes = readFileSync(archive);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(archive, bytes);
    const r = await s.s3cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.destination).toBe('offsite');
    expect(out.skipped).toEqual([{ backup: out.backup, destination: 'local', failure: expect.stringContaining('decrypt: decryption failed: the archive is damaged or tampered') }]);
    const text = await s.s3cli(['restore', '--latest', '--yes', '--dry-run']);
    expect(text.stdout).toContain(`skipped the copy of ${out.backup} in local: it failed verification`);
  });
});

describe('diagnose, per destination', () => {
  interface Diagnosis { probes: Array<{ name: string; status: string; message: string }>; findings: Array<{ id: string; class: string; message: string }> }
  const diagnose = async (s: S3Store, env?: Record<string, string | undefined>) => JSON.parse((await s.s3cli(['--json', 'diagnose', '--since', '1h'], env)).stdout) as Diagnosis;

  it('a bucket refusing the credentials is critical, named, and a human\'s to fix', async () => {
    const s = await fresh();
    expect((await backup(s)).code).toBe(0);
    const d = await diagnose(s, { AWS_ACCESS_KEY_ID: 'WRONGKEY' });
    expect(d.probes.find((p) => p.name === 'backup:destination:offsite')).toMatchObject({ status: 'critical', message: expect.stringContaining('refused the credentials from the environment') });
    expect(d.probes.find((p) => p.name === 'backup:destination:local')).toMatchObject({ status: 'ok' });
    expect(d.findings.find((f) => f.id === 'backup-bucket-unavailable')).toMatchObject({ class: 'human' });
  });

  it('a bucket whose copies stopped arriving while the folder\'s go on is a warning of its own', async () => {
    const s = await fresh();
    setConfig(s.config, ['backup', 'max_age_hours'], 0.001);
    expect((await backup(s)).code).toBe(0);
    await new Promise((r) => setTimeout(r, 4000));
    proxy.rule = (req) => (req.method === 'POST' && /[?&]uploads/.test(req.url ?? '') ? 'fail' : 'pass');
    const second = await backup(s);
    expect(second.code).toBe(1);
    proxy.rule = () => 'pass';
    // Judged a second after the folder's backup, however long this machine took to get here.
    const at = new Date(Date.parse(second.out.created) + 1000).toISOString();
    const d = JSON.parse((await s.s3cli(['--json', 'diagnose', '--since', '1h', '--now', at])).stdout) as Diagnosis;
    expect(d.probes.find((p) => p.name === 'backup:destination:local')).toMatchObject({ status: 'ok' });
    expect(d.probes.find((p) => p.name === 'backup:destination:offsite')).toMatchObject({ status: 'warning' });
    expect(d.findings.map((f) => f.id)).toContain('backup-destination-stale');
  });
});
