// store-ops fleet status over three stores sharing one bucket on a real S3-compatible server: one
// healthy, one whose newest backup is three days old (while its status claims a fresh one), one
// silent for two days. HQ's config has only a fleet: section; every other command refuses it.
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';
import { minisignSidecar } from '../helpers/craft-backup.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { S3_CREDENTIALS } from '../helpers/s3-server.js';
import { bucketClient, keysIn, makeS3Store, objectBytes, type S3Store } from '../helpers/s3-store.js';
import { parseSecretKeyFile } from '../../src/signing/minisign.js';
import { signStatus } from '../../src/signing/status-signature.js';
import { promtoolCheck } from '../helpers/promtool.js';
import { englishIn } from '../helpers/zh-latin.js';

const tmp = tempDir();
const BUCKET = 'chain';
const DAY = 86_400_000;
let server: S3Server;
let healthy: S3Store;
let old: S3Store;
let silent: S3Store;
let oldId: string;
let silentSince: string;
const hqDir = path.join(tmp.dir, 'hq');
const hqConfig = path.join(hqDir, 'fleet.yaml');
const hq = (args: string[]) => runCli(['--config', hqConfig, ...args], { cwd: hqDir, env: { ...S3_CREDENTIALS } });

const put = (key: string, body: Buffer | string) => bucketClient(server.endpoint).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Replaces the store's only backup in the bucket by the same archive under a name (and signed sidecar) three days older. */
async function ageBackup(store: S3Store, id: string): Promise<string> {
  const folder = `stores/${id}/`;
  const keys = await keysIn(server.endpoint, BUCKET, folder);
  const sidecarKey = keys.find((k) => /_[0-9a-f]{8}\.json$/.test(k))!;
  const sidecar = JSON.parse((await objectBytes(server.endpoint, BUCKET, sidecarKey)).toString()) as Record<string, unknown>;
  const archive = await objectBytes(server.endpoint, BUCKET, `${folder}${String(sidecar.file)}`);
  const created = new Date(Math.floor((Date.now() - 3 * DAY) / 1000) * 1000);
  const newId = '0ld0beef'.replace('l', '1');
  const base = `${id}_${stampOf(created)}_${newId}`;
  const work = path.join(tmp.dir, `craft-${id}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, `${base}.json`), JSON.stringify({ ...sidecar, id: newId, created: created.toISOString(), file: `${base}.tar.zst.age` }));
  minisignSidecar(work, base, path.join(store.dir, 'keys', 'signing.key'), id);
  await put(`${folder}${base}.tar.zst.age`, archive);
  await put(`${folder}${base}.json.minisig`, readFileSync(path.join(work, `${base}.json.minisig`)));
  await put(`${folder}${base}.json`, readFileSync(path.join(work, `${base}.json`)));
  for (const k of keys.filter((k) => !k.endsWith('status.json') && !k.endsWith('status.json.minisig'))) {
    await bucketClient(server.endpoint).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: k }));
  }
  return newId;
}

/** The store's own status, signed with its key, but written two days ago. */
async function makeSilent(store: S3Store, id: string): Promise<string> {
  const key = `stores/${id}/status.json`;
  const status = JSON.parse((await objectBytes(server.endpoint, BUCKET, key)).toString()) as Record<string, unknown>;
  const written = new Date(Date.now() - 2 * DAY + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
  const text = `${JSON.stringify({ ...status, written_at: written }, null, 2)}\n`;
  const secret = parseSecretKeyFile(readFileSync(path.join(store.dir, 'keys', 'signing.key'), 'utf8'));
  await put(`${key}.minisig`, signStatus(text, secret, id, written));
  await put(key, text);
  return written;
}

beforeAll(async () => {
  server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET]);
  [healthy, old, silent] = await Promise.all([
    makeS3Store(tmp.dir, 'healthy', { endpoint: server.endpoint, bucket: BUCKET }, 'SH-0012'),
    makeS3Store(tmp.dir, 'old', { endpoint: server.endpoint, bucket: BUCKET }, 'SH-0013'),
    makeS3Store(tmp.dir, 'silent', { endpoint: server.endpoint, bucket: BUCKET }, 'SH-0014'),
  ]);
  for (const s of [healthy, old, silent]) expect((await s.s3cli(['backup', 'run'])).code).toBe(0);
  oldId = await ageBackup(old, 'SH-0013');
  silentSince = await makeSilent(silent, 'SH-0014');
  mkdirSync(hqDir, { recursive: true });
  writeFileSync(hqConfig, [
    'fleet:',
    '  destinations:',
    `    - { name: hq, type: s3, endpoint: "${server.endpoint}", region: us-east-1, bucket: ${BUCKET}, path_style: true }`,
    '  trusted_signers:',
    `    - ${path.join(healthy.dir, 'keys', 'signing.key.pub')}`,
    '',
  ].join('\n'));
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

describe('fleet status with HQ\'s fleet-only config', () => {
  it('lists every store worst first and exits CRITICAL for the store whose backup is too old', async () => {
    const r = await hq(['--json', 'fleet', 'status']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'critical', exit_code: 2, checked_at: expect.stringMatching(/[+-]\d\d:\d\d$/) });
    expect(out.stores.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([['SH-0013', 'critical'], ['SH-0014', 'warning'], ['SH-0012', 'ok']]);
    for (const s of out.stores) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'name', 'newest_backup', 'age_hours', 'verified', 'last_drill', 'last_diagnose', 'status']));
    }
    const [o, quiet, ok] = out.stores;
    // Its status (written by the run before the backup was replaced) claims a fresh backup: the listing wins.
    expect(o.newest_backup).toMatchObject({ id: oldId, created: expect.stringMatching(/\+08:00$/), size: expect.any(Number) });
    expect(o.age_hours).toBeGreaterThan(71);
    expect(o.verified).toBe('unknown');
    expect(o.reasons.join(' ')).toMatch(/over its limit of 26 h/);
    expect(quiet).toMatchObject({ silent: true, silent_since: silentSince, status_file: { trust: 'trusted' } });
    expect(quiet.newest_backup).not.toBeNull();
    expect(ok).toMatchObject({ name: '浦东店 (demo)', silent: false, verified: 'never', last_drill: null, last_diagnose: null, status_file: { trust: 'trusted' } });
    expect(ok.age_hours).toBeLessThan(1);
  });

  it('needs no store database: nothing is written beside HQ\'s config', () => {
    expect(existsSync(path.join(hqDir, '.store-ops'))).toBe(false);
  });

  it('says in text which store is silent since when, in English and Chinese', async () => {
    const en = await hq(['fleet', 'status']);
    const lines = en.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CRITICAL: 3 stores \(1 critical, 1 warning, 0 unknown, 1 ok\)/);
    expect(lines[1]).toMatch(/^CRITICAL +SH-0013 /);
    expect(lines[2]).toMatch(/^WARNING +SH-0014 .*silent since \d{4}-\d\d-\d\d \d\d:\d\d \+08:00/);
    expect(lines[3]).toMatch(/^OK +SH-0012 /);
    const zh = await hq(['--lang', 'zh', 'fleet', 'status']);
    expect(zh.stdout).toMatch(/自 .* 起失联/);
    expect(zh.stdout).toContain('超过上限 26 小时');
  });

  it('renders Prometheus gauges, one series per store', async () => {
    const r = await hq(['fleet', 'status', '--format', 'prometheus']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^(# (HELP|TYPE) \w+ .+|[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? -?\d+(\.\d+)?)$/);
    expect(lines).toContain('store_ops_fleet_status 2');
    expect(lines).toContain('store_ops_fleet_silent{destination="hq",store="SH-0014"} 1');
    expect(lines).toContain('store_ops_fleet_store_status{destination="hq",store="SH-0013"} 2');
    expect(lines).toContain('store_ops_fleet_backup_max_age_seconds{destination="hq",store="SH-0012"} 93600');
    expect(lines.some((l) => l.startsWith('store_ops_fleet_backup_age_seconds{destination="hq",store="SH-0013"} '))).toBe(true);
    expect(promtoolCheck(r.stdout)).toEqual({ code: 0, problems: '' });
  });

  it('exits WARNING once the old store has backed up again and only the silent one is left', async () => {
    expect((await old.s3cli(['backup', 'run'])).code).toBe(0);
    const r = await hq(['--json', 'fleet', 'status']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).stores.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([['SH-0014', 'warning'], ['SH-0012', 'ok'], ['SH-0013', 'ok']]);
  });

  it('marks a planted status as untrusted, and counts only backups whose signature holds', async () => {
    const key = 'stores/SH-0012/status.json';
    const genuine = await objectBytes(server.endpoint, BUCKET, key);
    await put(key, genuine.toString().replace('"max_age_hours": 26', '"max_age_hours": 9999'));
    const r = await hq(['--json', 'fleet', 'status']);
    const row = JSON.parse(r.stdout).stores.find((s: { id: string }) => s.id === 'SH-0012');
    expect(row).toMatchObject({ status: 'warning', silent: true, max_age_hours: 26, status_file: { trust: 'forged' } });
    await put(key, genuine);
    // A signer HQ does not know: no backup counts, and no status is believed.
    writeFileSync(hqConfig, readFileSync(hqConfig, 'utf8').replace(/- \/.*signing\.key\.pub/, '- RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3'));
    const strange = await hq(['--json', 'fleet', 'status']);
    expect(strange.code).toBe(2);
    expect(JSON.parse(strange.stdout).stores.every((s: { newest_backup: unknown; status_file: { trust: string } }) => s.newest_backup === null && s.status_file.trust === 'untrusted')).toBe(true);
  });
});

describe('which configs fleet status takes, and which commands refuse HQ\'s', () => {
  it('runs on a store\'s own config, over its bucket destination', async () => {
    const r = await healthy.s3cli(['--json', 'fleet', 'status', '--destination', 'offsite']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.stores.map((s: { id: string }) => s.id).sort()).toEqual(['SH-0012', 'SH-0013', 'SH-0014']);
    expect(out.stores.every((s: { status_file: { trust: string } }) => s.status_file.trust === 'unchecked')).toBe(true);
  });

  it('refuses an unknown destination', async () => {
    const r = await healthy.s3cli(['fleet', 'status', '--destination', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no bucket destination named nope (there are: offsite)');
  });

  it('every other command refuses a fleet-only config, naming what is missing', async () => {
    for (const args of [['status'], ['backup', 'list'], ['diagnose']]) {
      const r = await hq(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/fleet\.yaml has only a fleet: section \(no store: and no databases:\)/);
      expect(r.stdout).toBe('');
    }
  });

  it('config check takes HQ\'s config: the fleet section resolved, its trusted signers, where the credentials come from', async () => {
    const r = await hq(['--json', 'config', 'check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config.fleet.destinations.map((d: { name: string }) => d.name)).toEqual(['hq']);
    expect(out.trusted_signers).toHaveLength(1);
    expect(out.s3_credentials).toMatchObject({ destinations: ['hq'], source: 'environment' });
    expect(r.stdout).not.toContain(S3_CREDENTIALS.AWS_SECRET_ACCESS_KEY);
  });

  it('still reports a config with neither store nor fleet as missing store', async () => {
    writeFileSync(path.join(hqDir, 'empty.yaml'), 'state_dir: ./x\n');
    const r = await runCli(['--config', path.join(hqDir, 'empty.yaml'), 'fleet', 'status'], { cwd: hqDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/store/);
  });
});

describe('why a status is not believed: in Chinese with --lang zh, and in --json an English reason with a code', () => {
  const config = path.join(hqDir, 'why.yaml');
  const at = 'stores/SH-0012/status.json';
  const UNKNOWN_KEY = 'RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3';
  let genuine: Buffer;
  let genuineSignature: Buffer;
  const trusting = (key: string) => writeFileSync(config, [
    'fleet:',
    '  destinations:',
    `    - { name: hq, type: s3, endpoint: "${server.endpoint}", region: us-east-1, bucket: ${BUCKET}, path_style: true }`,
    '  trusted_signers:',
    `    - ${key}`,
    '',
  ].join('\n'));
  const run = (args: string[]) => runCli(['--config', config, ...args], { cwd: hqDir, env: { ...S3_CREDENTIALS } });

  const trustHealthy = () => trusting(path.join(healthy.dir, 'keys', 'signing.key.pub'));

  beforeAll(async () => {
    trustHealthy();
    // The status then carries a diagnose verdict and cause class, which the Chinese text must translate too.
    await healthy.s3cli(['diagnose', '--now', DEMO_NOW]);
    genuine = await objectBytes(server.endpoint, BUCKET, at);
    genuineSignature = await objectBytes(server.endpoint, BUCKET, `${at}.minisig`);
    expect(JSON.parse(genuine.toString()).last_diagnose).toMatchObject({ status: expect.any(String) });
  });
  afterEach(async () => {
    trustHealthy();
    await put(at, genuine);
    await put(`${at}.minisig`, genuineSignature);
  });

  interface Case { name: string; plant: () => Promise<unknown>; trust: string; code: string; zh: string | RegExp; en: string | RegExp }
  const cases: Case[] = [
    { name: 'a status changed after it was signed', plant: () => put(at, genuine.toString().replace('"max_age_hours": 26', '"max_age_hours": 9999')),
      trust: 'forged', code: 'signature_mismatch', zh: 'status.json 不可信：status.json.minisig 与 status.json 不符（其中之一被改动过）', en: 'status.json.minisig does not match status.json' },
    { name: 'a status without its signature', plant: () => bucketClient(server.endpoint).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${at}.minisig` })),
      trust: 'unsigned', code: 'no_signature', zh: 'status.json 不可信：旁边没有 status.json.minisig', en: 'no status.json.minisig beside it' },
    { name: 'a signature file that is no signature', plant: () => put(`${at}.minisig`, 'signed, honestly\n'),
      trust: 'forged', code: 'not_a_signature', zh: 'status.json 不可信：status.json.minisig 不是签名：不是 minisign 的格式（应先有一行 "untrusted comment:"，再是密钥或签名行）',
      en: /^status\.json\.minisig is not a signature: not in minisign's layout/ },
    { name: 'another store\'s genuine status copied in', plant: async () => {
      await put(at, await objectBytes(server.endpoint, BUCKET, 'stores/SH-0013/status.json'));
      await put(`${at}.minisig`, await objectBytes(server.endpoint, BUCKET, 'stores/SH-0013/status.json.minisig'));
    }, trust: 'forged', code: 'signed_for_other_store', zh: 'status.json 不可信：签名是为另一家门店做的（其可信注释中的门店：SH-0013）',
      en: /^signed for another store \(store-ops status store:SH-0013 written:\S+\)$/ },
    { name: 'a status that is not JSON', plant: () => put(at, '{"format": "store-ops'),
      trust: 'invalid', code: 'not_json', zh: 'status.json 不可信：不是有效的 JSON（文件被截断或改动过）', en: /^not JSON: \S/ },
    { name: 'JSON that is no store-ops status', plant: () => put(at, '{"format": "something else"}'),
      trust: 'invalid', code: 'not_a_status', zh: 'status.json 不可信：不是 store-ops 的状态文件', en: 'not a store-ops status' },
    { name: 'a status signed by a key HQ does not trust', plant: async () => trusting(UNKNOWN_KEY),
      trust: 'untrusted', code: 'unknown_key', zh: /status\.json 不可信：由密钥 [0-9A-F]{16} 签名，而该密钥既不在 trusted_signers 中，也没有在 fleet\.stores 中绑定到任何门店/,
      en: /^signed by key [0-9A-F]{16}, which is neither in trusted_signers nor bound to a store in fleet\.stores$/ },
  ];

  it.each(cases)('$name', async (c) => {
    await c.plant();
    const zh = await run(['--lang', 'zh', 'fleet', 'status']);
    expect(zh.stderr).toBe('');
    const line = zh.stdout.split('\n').find((l) => l.includes('SH-0012'))!;
    if (typeof c.zh === 'string') expect(line).toContain(c.zh);
    else expect(line).toMatch(c.zh);
    expect(englishIn(zh.stdout, { names: ['浦东店 (demo)', 'hq'], commands: COMMANDS.map((x) => x.words) })).toEqual([]);
    const json = await run(['--json', 'fleet', 'status']);
    const row = (JSON.parse(json.stdout) as { stores: Array<{ id: string; reasons: string[]; status_file: { trust: string; reason: string; reason_code: string } }> }).stores.find((s) => s.id === 'SH-0012')!;
    expect(row.status_file).toMatchObject({ trust: c.trust, reason_code: c.code });
    if (typeof c.en === 'string') expect(row.status_file.reason).toBe(c.en);
    else expect(row.status_file.reason).toMatch(c.en);
    expect(row.reasons).toContain(`status.json is not trusted: ${row.status_file.reason}`);
  });

  it('keeps status_file.reason English beside its code in --json --lang zh, where the reasons are Chinese', async () => {
    await bucketClient(server.endpoint).send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${at}.minisig` }));
    const json = await run(['--lang', 'zh', '--json', 'fleet', 'status']);
    const row = (JSON.parse(json.stdout) as { stores: Array<{ id: string; reasons: string[]; status_file: object }> }).stores.find((s) => s.id === 'SH-0012')!;
    expect(row.status_file).toMatchObject({ trust: 'unsigned', reason_code: 'no_signature', reason: 'no status.json.minisig beside it' });
    expect(row.reasons).toContain('status.json 不可信：旁边没有 status.json.minisig');
  });

  it('translates the verdict and cause class of the store\'s last diagnose', async () => {
    const last = JSON.parse(genuine.toString()).last_diagnose as { status: string; cause_class: string | null };
    const zh = await run(['--lang', 'zh', 'fleet', 'status']);
    const word = { ok: '正常', warning: '警告', critical: '严重', unknown: '未知' }[last.status]!;
    const cause = last.cause_class === null ? '-' : { hardware: '硬件', software: '软件', network: '网络', human: '人为', external: '外部' }[last.cause_class]!;
    expect(zh.stdout).toMatch(new RegExp(`最近诊断 [^：]+：${word}（${cause}，操作手册 `));
    expect(englishIn(zh.stdout, { names: ['浦东店 (demo)', 'hq'], commands: COMMANDS.map((x) => x.words) })).toEqual([]);
  });
});
