// Store SH-0021's signing key, stolen (or used by someone with write access to SH-0022's folder),
// forges SH-0022's status.json ("written just now") and plants a newer backup signed with it in
// SH-0022's folder. With fleet.stores binding each store to its own key HQ believes neither and
// names the forgery; without it, HQ believes them (as before) and says once that any trusted key
// can vouch for any store. Against the real S3 server the other fleet tests use.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { signSidecar } from '../../src/signing/backup-signature.js';
import { generateSigningKeyFiles } from '../../src/signing/key-files.js';
import { generateKeyPair, keyIdHex, parsePublicKeyFile, parseSecretKeyFile, publicKeyLine, type SecretKey } from '../../src/signing/minisign.js';
import { signStatus } from '../../src/signing/status-signature.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startS3Server, S3_CREDENTIALS, type S3Server } from '../helpers/s3-server.js';
import { bucketClient, keysIn, makeS3Store, objectBytes, setConfig, type S3Store } from '../helpers/s3-store.js';
import { englishIn } from '../helpers/zh-latin.js';

const tmp = tempDir();
const BUCKET = 'chain';
const A = 'SH-0021';
const B = 'SH-0022';
let server: S3Server;
let secretA: SecretKey;
let secretB: SecretKey;
let pubA: string;
let pubB: string;
let keyA: string;
let genuineB: string;
let storeB: S3Store;
let forgedB: string;
const hqDir = path.join(tmp.dir, 'hq');

const put = (key: string, body: Buffer | string) => bucketClient(server.endpoint).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** HQ's fleet-only config with these extra lines under fleet:, run with the server's credentials. */
function hq(name: string, fleetLines: string[]) {
  const file = path.join(hqDir, `${name}.yaml`);
  writeFileSync(file, [
    'fleet:',
    '  destinations:',
    `    - { name: hq, type: s3, endpoint: "${server.endpoint}", region: us-east-1, bucket: ${BUCKET}, path_style: true }`,
    ...fleetLines,
    '',
  ].join('\n'));
  return (args: string[]) => runCli(['--config', file, ...args], { cwd: hqDir, env: { ...S3_CREDENTIALS } });
}

interface Row { id: string; status: string; bound: boolean | null; reasons: string[]; newest_backup: { id: string } | null; status_file: { trust: string; key_id: string | null; reason: string | null; reason_code: string | null }; signed_with_other_key: Array<{ file: string; key_id: string; key_stores: string[] }> }
const rowOf = (stdout: string, id: string): Row => (JSON.parse(stdout) as { stores: Row[] }).stores.find((s) => s.id === id)!;
const lineOf = (stdout: string, id: string): string => stdout.split('\n').find((l) => l.includes(` ${id} `))!;
const englishInZh = (stdout: string) => englishIn(stdout, { names: ['浦东店 (demo)', 'hq'], commands: COMMANDS.map((c) => c.words) });

/** A newer backup in B's folder: B's own archive under a new name, its sidecar signed with A's key. */
async function plantBackup(): Promise<string> {
  const folder = `stores/${B}/`;
  const sidecarKey = (await keysIn(server.endpoint, BUCKET, folder)).find((k) => /_[0-9a-f]{8}\.json$/.test(k))!;
  const sidecar = JSON.parse((await objectBytes(server.endpoint, BUCKET, sidecarKey)).toString()) as Record<string, unknown>;
  const archive = await objectBytes(server.endpoint, BUCKET, `${folder}${String(sidecar.file)}`);
  const created = new Date(Date.parse(String(sidecar.created)) + 1000);
  const id = 'f0f0f0f0';
  const base = `${B}_${stampOf(created)}_${id}`;
  const ext = String(sidecar.file).slice(String(sidecar.file).indexOf('.tar'));
  const text = JSON.stringify({ ...sidecar, id, created: created.toISOString(), file: `${base}${ext}` });
  await put(`${folder}${base}${ext}`, archive);
  await put(`${folder}${base}.json.minisig`, signSidecar(text, secretA, { base, store: B, id, created }));
  await put(`${folder}${base}.json`, text);
  return String(sidecar.id);
}

/** B's own status, rewritten "just now" and signed with `key` for store B. */
async function writeStatusB(key: SecretKey, change: (s: Record<string, unknown>) => Record<string, unknown> = (s) => s): Promise<void> {
  const at = `stores/${B}/status.json`;
  const status = JSON.parse((await objectBytes(server.endpoint, BUCKET, at)).toString()) as Record<string, unknown>;
  const written = new Date().toISOString().slice(0, 19) + 'Z';
  const text = `${JSON.stringify(change({ ...status, written_at: written }), null, 2)}\n`;
  await put(`${at}.minisig`, signStatus(text, key, B, written));
  await put(at, text);
}

beforeAll(async () => {
  server = await startS3Server(path.join(tmp.dir, 's3'), [BUCKET]);
  const [a, b] = await Promise.all([
    makeS3Store(tmp.dir, 'a', { endpoint: server.endpoint, bucket: BUCKET }, A),
    makeS3Store(tmp.dir, 'b', { endpoint: server.endpoint, bucket: BUCKET }, B),
  ]);
  // Demo stores are copies of one template, signing key included: each store gets its own here.
  for (const s of [a, b]) {
    generateSigningKeyFiles(path.join(s.dir, 'keys', 'own.key'));
    setConfig(s.config, ['backup', 'signing_key'], './keys/own.key');
    expect((await s.s3cli(['backup', 'run'])).code).toBe(0);
  }
  storeB = b;
  secretA = parseSecretKeyFile(readFileSync(path.join(a.dir, 'keys', 'own.key'), 'utf8'));
  secretB = parseSecretKeyFile(readFileSync(path.join(b.dir, 'keys', 'own.key'), 'utf8'));
  pubA = path.join(a.dir, 'keys', 'own.key.pub');
  pubB = publicKeyLine(parsePublicKeyFile(readFileSync(path.join(b.dir, 'keys', 'own.key.pub'), 'utf8')));
  keyA = keyIdHex(secretA.id);
  expect(keyIdHex(secretB.id)).not.toBe(keyA);
  mkdirSync(hqDir, { recursive: true });
  genuineB = await plantBackup();
  await writeStatusB(secretA);
  forgedB = 'f0f0f0f0';
});
afterAll(async () => {
  await server?.stop();
  tmp.cleanup();
});

describe('a store\'s status and backups must be signed by that store\'s key', () => {
  it('with stores bound to their keys, does not believe what A\'s key wrote into B\'s folder, names it, and exits CRITICAL', async () => {
    const r = await hq('bound', ['  stores:', `    ${A}: ${pubA}`, `    ${B}: [${pubB}]`])(['--json', 'fleet', 'status']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'critical', signer_trust: 'bound', notices: [] });
    expect(out.stores.map((s: Row) => [s.id, s.status])).toEqual([[B, 'critical'], [A, 'ok']]);
    const b = rowOf(r.stdout, B);
    expect(b.newest_backup?.id).toBe(genuineB);
    expect(b.status_file).toMatchObject({ trust: 'other_key', key_id: keyA, reason_code: 'key_of_other_store', reason: `signed with key ${keyA}, which belongs to store ${A}` });
    expect(b.bound).toBe(true);
    expect(b.signed_with_other_key).toEqual([
      { file: 'status.json', key_id: keyA, key_stores: [A] },
      { file: expect.stringMatching(new RegExp(`^${B}_\\d{8}T\\d{6}Z_${forgedB}\\.json$`)), key_id: keyA, key_stores: [A] },
    ]);
    expect(b.reasons).toEqual(expect.arrayContaining([
      `stores/${B}/status.json is signed with key ${keyA}, which belongs to store ${A}: not believed (another store's key writing here could hide this store's real state)`,
      expect.stringMatching(new RegExp(`^stores/${B}/${B}_\\w+_${forgedB}\\.json is signed with key ${keyA}, which belongs to store ${A}: not believed`)),
    ]));
    expect(rowOf(r.stdout, A)).toMatchObject({ status: 'ok', bound: true, signed_with_other_key: [], status_file: { trust: 'trusted' } });
  });

  it('says the same in text and in Chinese, with no English left in the Chinese', async () => {
    const run = hq('bound', ['  stores:', `    ${A}: ${pubA}`, `    ${B}: [${pubB}]`]);
    const en = await run(['fleet', 'status']);
    const lines = en.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^CRITICAL +${B} .*status\\.json is signed with key ${keyA}, which belongs to store ${A}: not believed`));
    const zh = await run(['--lang', 'zh', 'fleet', 'status']);
    expect(zh.code).toBe(2);
    expect(zh.stdout).toContain(`stores/${B}/status.json 由密钥 ${keyA} 签名，而该密钥属于门店 ${A}：不予采信`);
    expect(englishIn(zh.stdout, { names: ['浦东店 (demo)', 'hq'], commands: COMMANDS.map((c) => c.words) })).toEqual([]);
    const prom = await run(['fleet', 'status', '--format', 'prometheus']);
    expect(prom.stdout).toContain(`store_ops_fleet_signed_with_other_key{destination="hq",store="${B}"} 2`);
    expect(prom.stdout).toContain(`store_ops_fleet_signed_with_other_key{destination="hq",store="${A}"} 0`);
  });

  it('without a binding believes them as before, and says once that any trusted key can vouch for any store', async () => {
    const run = hq('any', ['  trusted_signers:', `    - ${pubA}`, `    - ${pubB}`]);
    const r = await run(['--json', 'fleet', 'status']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.signer_trust).toBe('any_key');
    expect(out.notices).toEqual([expect.stringMatching(/^note: any trusted key can vouch for any store, .*fleet\.stores/)]);
    expect(rowOf(r.stdout, B)).toMatchObject({ status: 'ok', bound: null, signed_with_other_key: [], newest_backup: { id: forgedB }, status_file: { trust: 'trusted', key_id: keyA } });
    const text = (await run(['fleet', 'status'])).stdout.trim().split('\n');
    expect(text.filter((l) => l.includes('any trusted key can vouch'))).toHaveLength(1);
    expect(text.at(-1)).toMatch(/^note: any trusted key/);
  });

  it('with no signer at all, says that nothing is checked', async () => {
    const r = await hq('none', [])(['--json', 'fleet', 'status']);
    expect(JSON.parse(r.stdout)).toMatchObject({ signer_trust: 'none', notices: [expect.stringMatching(/^note: no signature is checked/)] });
  });

  it('a store left unbound while others are bound is a WARNING, and another store\'s key still cannot vouch for it', async () => {
    const r = await hq('partial', ['  trusted_signers:', `    - ${pubB}`, '  stores:', `    ${A}: ${pubA}`])(['--json', 'fleet', 'status']);
    expect(r.code).toBe(2);
    const b = rowOf(r.stdout, B);
    expect(b).toMatchObject({ status: 'critical', bound: false, newest_backup: { id: genuineB }, status_file: { trust: 'other_key', key_id: keyA } });
    expect(b.reasons).toContain(`store ${B} has no keys in fleet.stores, so only trusted keys bound to no store can vouch for it: add fleet.stores.${B} with its signing.key.pub`);
    const zh = await hq('partial', ['  trusted_signers:', `    - ${pubB}`, '  stores:', `    ${A}: ${pubA}`])(['--lang', 'zh', 'fleet', 'status']);
    expect(lineOf(zh.stdout, B)).toContain(`门店 ${B} 在 fleet.stores 中没有绑定密钥，只有未绑定任何门店的受信任密钥才能为其作证`);
    expect(englishInZh(zh.stdout)).toEqual([]);
  });

  it('a bound store signed by a trusted key bound to no store: not believed, a WARNING; the unbound store is a WARNING too', async () => {
    const r = await hq('swapped', ['  trusted_signers:', `    - ${pubA}`, '  stores:', `    ${B}: ${pubB}`])(['--json', 'fleet', 'status']);
    expect(r.code).toBe(1);
    const b = rowOf(r.stdout, B);
    expect(b).toMatchObject({ status: 'warning', bound: true, newest_backup: { id: genuineB }, status_file: { trust: 'other_key' } });
    expect(b.signed_with_other_key.map((f) => f.key_stores)).toEqual([[], []]);
    expect(b.reasons).toContain(`stores/${B}/status.json is signed with key ${keyA}, which is not one of store ${B}'s keys in fleet.stores: not believed`);
    expect(b.status_file).toMatchObject({ reason_code: 'key_of_no_store', reason: `signed with key ${keyA}, which fleet.stores binds to no store` });
    expect(rowOf(r.stdout, A)).toMatchObject({ status: 'warning', bound: false, status_file: { trust: 'trusted' } });
    const zh = await hq('swapped', ['  trusted_signers:', `    - ${pubA}`, '  stores:', `    ${B}: ${pubB}`])(['--lang', 'zh', 'fleet', 'status']);
    expect(zh.code).toBe(1);
    expect(lineOf(zh.stdout, B)).toContain(`stores/${B}/status.json 由密钥 ${keyA} 签名，而该密钥不在 fleet.stores 为门店 ${B} 绑定的密钥中：不予采信`);
    expect(englishInZh(zh.stdout)).toEqual([]);
  });

  it('a status signed with the store\'s own key but naming another store is not believed', async () => {
    await writeStatusB(secretB, (s) => ({ ...s, store: { ...(s.store as object), id: A } }));
    const r = await hq('bound', ['  stores:', `    ${A}: ${pubA}`, `    ${B}: [${pubB}]`])(['--json', 'fleet', 'status']);
    const b = rowOf(r.stdout, B);
    expect(b.status_file).toMatchObject({ trust: 'misnamed', key_id: keyIdHex(secretB.id), reason_code: 'names_other_store', reason: `it is the status of store ${A}, not of ${B}` });
    expect(b.reasons).toContain(`stores/${B}/status.json is the status of store ${A}, not of ${B}: not believed`);
    expect(b).toMatchObject({ status: 'critical', newest_backup: { id: genuineB } });
    const zh = await hq('bound', ['  stores:', `    ${A}: ${pubA}`, `    ${B}: [${pubB}]`])(['--lang', 'zh', 'fleet', 'status']);
    expect(lineOf(zh.stdout, B)).toContain(`stores/${B}/status.json 是门店 ${A} 的状态，而不是 ${B} 的：不予采信`);
    expect(englishInZh(zh.stdout)).toEqual([]);
  });

  it('A\'s genuine status copied into B\'s folder: forged (its signature names store A), said in Chinese', async () => {
    for (const f of ['status.json', 'status.json.minisig']) await put(`stores/${B}/${f}`, await objectBytes(server.endpoint, BUCKET, `stores/${A}/${f}`));
    const run = hq('any', ['  trusted_signers:', `    - ${pubA}`, `    - ${pubB}`]);
    const r = await run(['--json', 'fleet', 'status']);
    const b = rowOf(r.stdout, B);
    expect(b.status_file).toMatchObject({ trust: 'forged', key_id: keyA, reason_code: 'signed_for_other_store', reason: expect.stringMatching(new RegExp(`^signed for another store \\(store-ops status store:${A} written:`)) });
    const zh = await run(['--lang', 'zh', 'fleet', 'status']);
    expect(lineOf(zh.stdout, B)).toContain(`status.json 不可信：签名是为另一家门店做的（其可信注释中的门店：${A}）`);
    expect(englishInZh(zh.stdout)).toEqual([]);
  });
});

describe('fleet.stores in HQ\'s config', () => {
  const bad = async (name: string, storeLines: string[]) => {
    const r = await hq(name, ['  stores:', ...storeLines])(['fleet', 'status']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };

  it('refuses an empty list of keys, naming the file, line and key', async () => {
    expect(await bad('empty', [`    ${A}: ${pubA}`, `    ${B}: []`])).toContain(`empty.yaml:6: fleet.stores.${B}: needs at least one signing key`);
  });

  it('refuses a key that is not a minisign public key, on its line', async () => {
    expect(await bad('ssh', [`    ${B}:`, '      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'])).toContain(
      `ssh.yaml:6: fleet.stores.${B}[0]: not a minisign public key: give the RW… line of the store's signing.key.pub, or the path of that file`);
    expect(await bad('short', [`    ${B}: ${pubB.slice(0, 30)}`])).toContain(`short.yaml:5: fleet.stores.${B}[0]: looks like a minisign public key but is not one`);
  });

  it('refuses a key file that is not a public key, on its line', async () => {
    writeFileSync(path.join(hqDir, 'notes.txt'), 'not a key\n');
    expect(await bad('file', [`    ${A}: ${pubA}`, `    ${B}: ./notes.txt`])).toMatch(new RegExp(`file\\.yaml:6: fleet\\.stores\\.${B}\\[0\\]: not a readable minisign public key file \\(.*notes\\.txt\\)`));
  });

  it('refuses a folder name that cannot be a store id', async () => {
    expect(await bad('badid', [`    "SH 22": ${pubB}`])).toMatch(/badid\.yaml:\d+: fleet\.stores.*letters, digits and single dashes only/);
  });

  it('refuses two different keys with one key id (a store could pass its key off as another\'s)', async () => {
    const lookalike = publicKeyLine({ id: secretA.id, key: generateKeyPair().key });
    expect(await bad('twins', [`    ${A}: ${pubA}`, `    ${B}: [${pubB}, ${lookalike}]`])).toContain(
      `twins.yaml:6: fleet.stores.${B}[1]: key id ${keyA} is also the id of a different key (fleet.stores.${A}[0]: ${pubA})`);
  });

  it('config check lists the bound keys with where each comes from', async () => {
    const r = await hq('bound', ['  stores:', `    ${A}: ${pubA}`, `    ${B}: [${pubB}]`])(['--json', 'config', 'check']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).trusted_signers.map((s: { source: string }) => s.source)).toEqual([`fleet.stores.${A}[0]: ${pubA}`, `fleet.stores.${B}[0]: ${pubB}`]);
  });

  it('config check on a store\'s own config finds a bad key in its fleet: section, on its line', async () => {
    setConfig(storeB.config, ['fleet'], { destinations: [{ name: 'hq', type: 's3', endpoint: server.endpoint, bucket: BUCKET, path_style: true }], stores: { [B]: './keys/missing.pub' } });
    const r = await storeB.s3cli(['config', 'check']);
    expect(r.code).toBe(2);
    const line = readFileSync(storeB.config, 'utf8').split('\n').findIndex((l) => l.includes('missing.pub')) + 1;
    expect(r.stderr).toContain(`${storeB.config}:${line}: fleet.stores.${B}[0]: not a readable minisign public key file`);
  });
});
