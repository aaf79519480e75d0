// A bucket as a backup destination, against a real S3-compatible server on loopback: one run
// writes the folder and the bucket; everything else (list, verify, drill, restore, prune) works
// from the bucket alone once the folder copy is gone; two stores sharing a bucket never see or
// prune each other's objects.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bucketClient, keysIn, makeS3Store, objectBytes, type S3Store } from '../helpers/s3-store.js';
import { digest } from '../reconcile/store-fixture.js';

const tmp = tempDir();
let server: S3Server;
let store: S3Store;
let first: { ok: boolean; archive: string; sidecar: string; size: number; sha256: string; destinations: Array<{ name: string; ok: boolean; archive: string; confirmed?: string; error?: string }> };
const BUCKET = 'chain-backups';
const PREFIX = 'stores/SH-0012/';

beforeAll(async () => {
  server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET]);
  store = await makeS3Store(tmp.dir, 'shop', { endpoint: server.endpoint, bucket: BUCKET });
  const r = await store.s3cli(['--json', 'backup', 'run']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  first = JSON.parse(r.stdout);
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

describe('backup run to a folder and a bucket', () => {
  it('writes the same archive, signature and sidecar to both, the bucket copy under <prefix><store id>/', async () => {
    expect(first.destinations.map((d) => [d.name, d.ok])).toEqual([['local', true], ['offsite', true]]);
    const base = first.archive.replace(/\.tar\.zst\.age$/, '');
    // Beside the backup, the store's status for HQ (tests/backup/hq-status.test.ts).
    expect(await keysIn(server.endpoint, BUCKET)).toEqual([`${PREFIX}${base}.json`, `${PREFIX}${base}.json.minisig`, `${PREFIX}${first.archive}`, `${PREFIX}status.json`, `${PREFIX}status.json.minisig`]);
    const inBucket = await objectBytes(server.endpoint, BUCKET, `${PREFIX}${first.archive}`);
    expect(createHash('sha256').update(inBucket).digest('hex')).toBe(first.sha256);
    expect(inBucket.equals(readFileSync(path.join(store.backups, first.archive)))).toBe(true);
    expect((await objectBytes(server.endpoint, BUCKET, `${PREFIX}${base}.json`)).toString()).toBe(readFileSync(path.join(store.backups, `${base}.json`), 'utf8'));
    expect(first.destinations[1]!.archive).toBe(`${server.endpoint}/${BUCKET}/${PREFIX}${first.archive}`);
  });

  it('has the server confirm the archive it stored before the sidecar is written (this server keeps a whole-object MD5 as the ETag)', () => {
    expect(first.destinations[0]!.confirmed).toBe('fsync');
    expect(first.destinations[1]!.confirmed).toBe('md5');
  });

  it('leaves no note of an unfinished upload behind', () => {
    expect(readdirSync(path.join(store.dir, '.store-ops', 'uploads'))).toEqual([]);
  });
});

describe('from the bucket alone', () => {
  beforeAll(() => {
    for (const f of readdirSync(store.backups)) rmSync(path.join(store.backups, f));
  });

  it('backup list shows the backup in the bucket as trusted', async () => {
    const r = await store.s3cli(['--json', 'backup', 'list']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { destinations: Array<{ name: string; location: string; error: string | null; backups: Array<{ id: string; signature: { state: string } }> }> };
    const offsite = out.destinations.find((d) => d.name === 'offsite')!;
    expect(offsite.error).toBeNull();
    expect(offsite.location).toBe(`${server.endpoint}/${BUCKET}/${PREFIX}`);
    expect(offsite.backups.map((b) => [b.id, b.signature.state])).toEqual([[expect.any(String), 'trusted']]);
    expect(out.destinations.find((d) => d.name === 'local')!.backups).toEqual([]);
  });

  it('verifies quick, deep and drill by streaming from the bucket', async () => {
    for (const level of ['--quick', '--deep', '--drill']) {
      const r = await store.s3cli(['--json', 'backup', 'verify', '--latest', ...(level === '--deep' ? [] : [level])]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ results: [{ destination: 'offsite', ok: true }] });
    }
  });

  it('restores the store database from the bucket', async () => {
    const db = path.join(store.dir, 'store.db');
    const before = digest(db);
    const damaged = readFileSync(db);
    damaged.fill(0x5a, 8192, 8192 + 4096);
    writeFileSync(db, damaged);
    const r = await store.s3cli(['--json', 'restore', '--latest', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ destination: 'offsite' });
    expect(digest(db)).toBe(before);
  });
});

describe('two stores sharing the bucket', () => {
  let other: S3Store;
  beforeAll(async () => {
    other = await makeS3Store(tmp.dir, 'other-shop', { endpoint: server.endpoint, bucket: BUCKET }, 'SH-0013');
    for (let i = 0; i < 3; i++) {
      const r = await other.s3cli(['--json', 'backup', 'run']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });

  it('each lists only its own backups', async () => {
    const mine = JSON.parse((await store.s3cli(['--json', 'backup', 'list', '--destination', 'offsite'])).stdout);
    const theirs = JSON.parse((await other.s3cli(['--json', 'backup', 'list', '--destination', 'offsite'])).stdout);
    expect(mine.destinations[0].backups).toHaveLength(1);
    expect(theirs.destinations[0].backups).toHaveLength(3);
    expect(theirs.destinations[0].backups.every((b: { id: string }) => !mine.destinations[0].backups.some((m: { id: string }) => m.id === b.id))).toBe(true);
  });

  it('prune on the bucket removes only the pruning store\'s objects', async () => {
    const mineBefore = await keysIn(server.endpoint, BUCKET, PREFIX);
    const r = await other.s3cli(['--json', 'backup', 'prune', '--destination', 'offsite']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Three backups of one day: retention keeps the newest of the day.
    const theirs = await keysIn(server.endpoint, BUCKET, 'stores/SH-0013/');
    expect(theirs.filter((k) => k.endsWith('.age'))).toHaveLength(1);
    // The backup's three files, and the status for HQ, which prune never touches.
    expect(theirs.filter((k) => !k.includes('/status.json'))).toHaveLength(3);
    expect(theirs.filter((k) => k.includes('/status.json'))).toEqual(['stores/SH-0013/status.json', 'stores/SH-0013/status.json.minisig']);
    expect(await keysIn(server.endpoint, BUCKET, PREFIX)).toEqual(mineBefore);
  });
});

describe('config check on a bucket destination', () => {
  it('says where the credentials will come from, never what they are', async () => {
    const fromEnv = await store.cli(['--json', 'config', 'check'], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-value-77' });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout).s3_credentials).toEqual({ destinations: ['offsite'], source: 'environment', profile: null, file: null });
    expect(fromEnv.stdout).not.toMatch(/AKIDEXAMPLE|secret-value-77/);

    const home = path.join(tmp.dir, 'home');
    mkdirSync(path.join(home, '.aws'), { recursive: true });
    writeFileSync(path.join(home, '.aws', 'credentials'), '[hq-backup]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret-88\n');
    const fromProfile = await store.cli(['config', 'check'], { HOME: home, AWS_PROFILE: 'hq-backup' });
    expect(fromProfile.stdout).toContain(`credentials for the bucket destination(s) offsite will come from profile hq-backup in ${path.join(home, '.aws', 'credentials')}`);
    expect(fromProfile.stdout).not.toMatch(/AKIDPROFILE|profile-secret-88/);

    const none = await store.cli(['--lang', 'zh', 'config', 'check']);
    expect(none.stdout).toContain('存储桶目的地 offsite 的凭证来源：本机的实例角色');
  });

  it('a bucket name S3 would refuse is named with its line and key', async () => {
    const bad = path.join(tmp.dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(store.config, 'utf8').replace(`bucket: ${BUCKET}`, 'bucket: Chain_Backups'));
    const r = await store.cli(['--config', bad, 'config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+: backup\.destinations\[1\]\.bucket: .*a bucket name: 3 to 63 lowercase letters, digits, dots and dashes/);
  });
});

describe('backup schedule with a bucket destination', () => {
  it('warns that credentials exported in this shell will not reach the nightly job', async () => {
    const r = await store.cli(['backup', 'schedule'], { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-value-77' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: the nightly job will not see credentials exported in this shell: for the bucket destination(s) offsite, put them in ~/.aws/credentials');
    expect(r.stdout + r.stderr).not.toMatch(/AKIDEXAMPLE|secret-value-77/);
  });

  it('names the profile the crontab must set when it is not the default one', async () => {
    const home = path.join(tmp.dir, 'home-schedule');
    mkdirSync(path.join(home, '.aws'), { recursive: true });
    writeFileSync(path.join(home, '.aws', 'config'), '[profile hq-backup]\nregion = us-east-1\n');
    const r = await store.cli(['--lang', 'zh', 'backup', 'schedule'], { HOME: home, AWS_PROFILE: 'hq-backup' });
    expect(r.stderr).toContain('需要在 crontab 中加上 AWS_PROFILE=hq-backup');
    const plain = await store.cli(['backup', 'schedule'], { HOME: home, AWS_PROFILE: undefined });
    expect(plain.stderr).toContain('will not see credentials');
  });
});

describe('objects planted in the store\'s folder of the bucket', () => {
  it('a huge file under a sidecar\'s name is not read, and is listed as a problem', async () => {
    const base = 'SH-0012_20261201T010203Z_deadbeef';
    await bucketClient(server.endpoint).send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${base}.json`, Body: Buffer.alloc(200_000, 0x20) }));
    const r = await store.s3cli(['--json', 'backup', 'list', '--destination', 'offsite']);
    expect(r.code).toBe(0);
    const planted = JSON.parse(r.stdout).destinations[0].backups.find((b: { name: string }) => b.name === base);
    expect(planted.problems).toContain(`unreadable sidecar ${base}.json: 200000 bytes, far more than a sidecar holds`);
  });
});
