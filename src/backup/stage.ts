// Unpacking a backup for real: decrypt, decompress and unpack the members into a folder, then
// check each against the manifest and check every database unpacked (DatabaseCheckDepth). Verify
// (deep, drill) unpacks into scratch and throws it away; restore unpacks into its staging folder
// and keeps it for the swap. Nothing here touches the store's live files.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { describeCause, StoreOpsError } from '../core/errors.js';
import type { LoadedIdentity } from '../keys/identity.js';
import { ageEngine, decryptor } from './age-stream.js';
import { spawnChain } from './child-filter.js';
import type { CatalogEntry } from './catalog.js';
import { decompressor } from './codec.js';
import { databaseFacts } from './database-facts.js';
import { isReadFailure, type Destination } from './destination.js';
import type { DatabaseFacts, Manifest } from './manifest.js';
import { readHeader, schemaHash } from './database-header.js';
import { unpack, type UnpackedMember } from './unpack.js';

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

/** Errors of the disk we unpack onto, not of the archive: full, over quota, read-only, failing. */
const WRITE_ERRORS = new Set(['ENOSPC', 'EFBIG', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM']);

export interface StagedArchive {
  checks: Check[];
  members: UnpackedMember[];
  manifest: Manifest | undefined;
  /** Decrypt, decompress, unpack and hash. */
  extractMs: number;
  /** The databases' checks (page by page, or header and schema). */
  checkMs: number;
  fullChecks: FullCheck[];
}

function decryptProblem(err: unknown): string {
  const text = describeCause(err);
  if (/no identity matched/i.test(text)) return `none of the given identities can decrypt it (${text})`;
  return `decryption failed: the archive is damaged or tampered (${text})`;
}

/** The manifest inside must describe the backup the signed sidecar outside vouches for. */
export function manifestAgrees(manifest: Manifest, e: CatalogEntry): Check {
  const store = manifest.store?.id;
  const wanted = { store: e.sidecar?.store ?? e.store, id: e.sidecar?.id ?? e.id };
  return store === wanted.store && manifest.id === wanted.id
    ? { check: 'manifest', ok: true, detail: `store ${store}, backup ${manifest.id}, as the sidecar says` }
    : { check: 'manifest', ok: false, detail: `the manifest says store ${String(store)}, backup ${String(manifest.id)}; the signed sidecar says store ${wanted.store}, backup ${wanted.id} (an archive from another backup)` };
}

export function compareMembers(manifest: Manifest, members: UnpackedMember[]): Check[] {
  const checks: Check[] = [];
  const got = new Map(members.map((m) => [m.name, m]));
  for (const m of manifest.members) {
    const u = got.get(m.name);
    if (!u) checks.push({ check: `member ${m.name}`, ok: false, detail: 'listed in the manifest but not in the archive' });
    else if (u.size !== m.size || u.sha256 !== m.sha256) checks.push({ check: `member ${m.name}`, ok: false, detail: `differs from the manifest (size ${u.size} vs ${m.size}, sha256 ${u.sha256.slice(0, 12)}… vs ${m.sha256.slice(0, 12)}…)` });
    else checks.push({ check: `member ${m.name}`, ok: true, detail: `${m.size} bytes, sha256 ok` });
  }
  const listed = new Set(manifest.members.map((m) => m.name));
  for (const u of members) {
    if (u.name !== 'manifest.json' && !listed.has(u.name)) checks.push({ check: `member ${u.name}`, ok: false, detail: 'in the archive but not in the manifest' });
  }
  return checks;
}

/**
 * How much to check of a database whose bytes matched the manifest. `full`: integrity_check and
 * row counts, page by page (verify --deep, drills, --paranoid, and any backup whose signature
 * is not a trusted key's). `recorded`: the bytes are the ones a trusted key signed for, and the
 * manifest says integrity_check passed on exactly those bytes at backup time, so a second scan
 * proves nothing new; the header and schema are read to be sure it opens as that database.
 */
export type DatabaseCheckDepth = 'full' | 'recorded';

/** What the backup itself found when it was made; a database that was damaged then is refused. */
function backupTimeCheck(db: DatabaseFacts): Check | undefined {
  const [kind, result] = db.integrity_check !== undefined ? ['integrity_check', db.integrity_check] : ['quick_check', db.quick_check];
  if (result === undefined || result === 'ok') return undefined;
  return { check: `${kind} ${db.name} at backup time`, ok: false, detail: `the database was already damaged when this backup was taken (${result}): restore an older backup` };
}

/** Opens the unpacked database and compares its header and schema with the manifest, in milliseconds. */
export function headerCheck(file: string, db: DatabaseFacts, label: string): Check {
  const header = readHeader(file);
  if ('problem' in header) return { check: label, ok: false, detail: header.problem };
  if (header.page_size !== db.page_size || header.page_count !== db.page_count) {
    return { check: label, ok: false, detail: `${header.page_count} pages of ${header.page_size} bytes, the manifest says ${db.page_count} of ${db.page_size}` };
  }
  try {
    // Read-write: a read-only open of a WAL-mode file fails while its -shm is absent; the file is our own copy.
    const conn = new Database(file, { fileMustExist: true });
    try {
      if (schemaHash(conn) !== db.schema_hash) return { check: label, ok: false, detail: 'the schema differs from the manifest' };
    } finally {
      conn.close();
    }
  } catch (err) {
    return { check: label, ok: false, detail: `cannot open the database: ${describeCause(err)}` };
  }
  return { check: label, ok: true, detail: `${header.page_count} pages, schema as in the manifest` };
}

/** A database checked page by page here: what it found, for the ledger of full checks. */
export interface FullCheck {
  database: string;
  source_path: string;
  result: string;
  duration_ms: number;
}

async function fullCheck(file: string, db: DatabaseFacts, done: FullCheck[]): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const started = Date.now();
    const facts = await databaseFacts(file, 'integrity_check', { mapped: true });
    done.push({ database: db.name, source_path: db.source_path, result: facts.check, duration_ms: Date.now() - started });
    checks.push({ check: `integrity_check ${db.name}`, ok: facts.check === 'ok', detail: facts.check });
    const differing = Object.keys({ ...db.row_counts, ...facts.row_counts }).filter((t) => db.row_counts[t] !== facts.row_counts[t]);
    checks.push(differing.length === 0
      ? { check: `row counts ${db.name}`, ok: true, detail: `${Object.keys(db.row_counts).length} tables match the manifest` }
      : { check: `row counts ${db.name}`, ok: false, detail: differing.map((t) => `${t}: ${facts.row_counts[t] ?? 'missing'} vs manifest ${db.row_counts[t] ?? 'missing'}`).join(', ') });
    if (facts.schema_hash !== db.schema_hash) checks.push({ check: `schema ${db.name}`, ok: false, detail: 'schema hash differs from the manifest' });
  } catch (err) {
    checks.push({ check: `integrity_check ${db.name}`, ok: false, detail: `cannot open the database: ${describeCause(err)}` });
  }
  return checks;
}

export async function databaseChecks(manifest: Manifest, members: UnpackedMember[], depth: DatabaseCheckDepth, done: FullCheck[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const db of manifest.databases) {
    const file = members.find((m) => m.name === db.member)?.file;
    if (!file) continue;
    const before = backupTimeCheck(db);
    if (before) checks.push(before);
    if (depth === 'recorded' && db.integrity_check === 'ok') {
      checks.push({ check: `integrity_check ${db.name}`, ok: true, detail: 'ok at backup time, on these very bytes (signed manifest)' });
      checks.push(headerCheck(file, db, `header ${db.name}`));
    } else {
      checks.push(...(await fullCheck(file, db, done)));
    }
  }
  return checks;
}

/** Decrypt then decompress; with the age and zstd programs both, as one chain of processes. */
function unpackArchive(source: Readable, e: CatalogEntry, identity: LoadedIdentity, tap: PassThrough, into: string, write: (member: string) => boolean) {
  const codec = e.codec ?? 'gzip';
  if (codec === 'zstd' && ageEngine() === 'cli' && !identity.passphraseProtected) {
    const programs = spawnChain([{ command: 'age', args: ['-d', '-i', identity.file] }, { command: 'zstd', args: ['-q', '-d', '-c'] }]);
    return unpack([source, tap], { into, write }, programs);
  }
  return unpack([source, tap, decryptor(identity), decompressor(codec)], { into, write });
}

export async function stageArchive(
  d: Destination,
  e: CatalogEntry,
  identity: LoadedIdentity,
  into: string,
  write: (member: string) => boolean,
  /** Hash the archive's bytes as they stream past and compare with the sidecar (saves a separate read). */
  archiveHash?: (sha256: string) => Check,
  depth: DatabaseCheckDepth = 'full',
): Promise<StagedArchive> {
  const checks: Check[] = [];
  const started = Date.now();
  mkdirSync(into, { recursive: true });
  const hash = createHash('sha256');
  const tap = new PassThrough({ highWaterMark: 1 << 18 });
  tap.on('data', (c: Buffer) => hash.update(c));
  let unpacked: Awaited<ReturnType<typeof unpack>>;
  // A destination that fails while the archive streams (a bucket that stops answering) is a read
  // problem of that copy, not a wrong key: the caller may try another destination's copy.
  // The source also errors when the pipeline is torn down by a later stage (a wrong key), so only
  // the destination's own failures count here.
  let readFailure: unknown;
  const source = d.read(e.archive!.name).once('error', (err) => {
    if (isReadFailure(err)) readFailure = err;
  });
  try {
    unpacked = await unpackArchive(source, e, identity, tap, into, write);
  } catch (err) {
    if (readFailure !== undefined) {
      checks.push({ check: 'read', ok: false, detail: describeCause(readFailure) });
      return { checks, members: [], manifest: undefined, extractMs: Date.now() - started, checkMs: 0, fullChecks: [] };
    }
    const unsafe = err instanceof StoreOpsError && err.key === 'verify.unsafeMember';
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (WRITE_ERRORS.has(code)) checks.push({ check: 'staging', ok: false, detail: `cannot write the unpacked files into ${into}: ${describeCause(err)}` });
    else checks.push({ check: unsafe ? 'member' : 'decrypt', ok: false, detail: unsafe ? err.message : decryptProblem(err) });
    return { checks, members: [], manifest: undefined, extractMs: Date.now() - started, checkMs: 0, fullChecks: [] };
  }
  const extractMs = Date.now() - started;
  if (archiveHash) checks.push(archiveHash(hash.digest('hex')));
  const { members, manifestText } = unpacked;
  if (!manifestText) {
    checks.push({ check: 'manifest', ok: false, detail: 'the archive has no manifest.json' });
    return { checks, members, manifest: undefined, extractMs, checkMs: 0, fullChecks: [] };
  }
  const manifest = JSON.parse(manifestText) as Manifest;
  checks.push({ check: 'decrypt', ok: true, detail: `${members.length} members` });
  checks.push(manifestAgrees(manifest, e));
  checks.push(...compareMembers(manifest, members));
  const checkStarted = Date.now();
  const fullChecks: FullCheck[] = [];
  checks.push(...(await databaseChecks(manifest, members, depth, fullChecks)));
  return { checks, members, manifest, extractMs, checkMs: Date.now() - checkStarted, fullChecks };
}
