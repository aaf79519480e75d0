// Proving a backup restores. quick: the archive is whole (sidecar present, size and SHA-256
// match) and needs no key. deep: decrypt, decompress and unpack every member, check each
// against the manifest, and run integrity_check on every database with its row counts compared.
// drill: a full restore of every member into a scratch folder, timed. Each check that fails says
// which member or which check.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describeCause, StoreOpsError } from '../core/errors.js';
import type { LoadedIdentity } from '../keys/identity.js';
import { decryptor } from './age-stream.js';
import type { CatalogEntry } from './catalog.js';
import { decompressor } from './codec.js';
import { databaseFacts } from './database-facts.js';
import type { Destination } from './destination.js';
import type { VerifyLevel } from './ledger.js';
import type { Manifest } from './manifest.js';
import { unpack, type UnpackedMember } from './unpack.js';

export interface Check {
  check: string;
  ok: boolean;
  detail: string;
}

export interface VerifyOutcome {
  backup: string;
  destination: string;
  level: VerifyLevel;
  ok: boolean;
  checks: Check[];
  /** Every failed check, as one line. */
  failure: string | undefined;
  duration_ms: number;
  restore_ms: number | undefined;
}

async function sha256Of(d: Destination, name: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(d.read(name), new Writable({ write: (c: Buffer, _e, cb) => (hash.update(c), cb()) }));
  return hash.digest('hex');
}

export async function quickChecks(d: Destination, e: CatalogEntry): Promise<Check[]> {
  const checks: Check[] = [];
  if (!e.sidecar) checks.push({ check: 'sidecar', ok: false, detail: `no readable sidecar ${e.base}.json` });
  if (!e.archive) {
    checks.push({ check: 'archive', ok: false, detail: `the archive of ${e.base} is missing` });
    return checks;
  }
  if (!e.sidecar) return checks;
  checks.push(e.sidecar.size === e.archive.size
    ? { check: 'size', ok: true, detail: `${e.archive.size} bytes` }
    : { check: 'size', ok: false, detail: `the sidecar says ${e.sidecar.size} bytes, the archive has ${e.archive.size} (truncated or appended to)` });
  const actual = await sha256Of(d, e.archive.name);
  checks.push(actual === e.sidecar.sha256
    ? { check: 'sha256', ok: true, detail: actual }
    : { check: 'sha256', ok: false, detail: `the archive's SHA-256 is ${actual.slice(0, 16)}…, the sidecar says ${e.sidecar.sha256.slice(0, 16)}… (damaged or tampered)` });
  return checks;
}

function decryptProblem(err: unknown): string {
  const text = describeCause(err);
  if (/no identity matched/i.test(text)) return `none of the given identities can decrypt it (${text})`;
  return `decryption failed: the archive is damaged or tampered (${text})`;
}

function compareMembers(manifest: Manifest, members: UnpackedMember[]): Check[] {
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

async function databaseChecks(manifest: Manifest, members: UnpackedMember[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const db of manifest.databases) {
    const file = members.find((m) => m.name === db.member)?.file;
    if (!file) continue;
    try {
      const facts = await databaseFacts(file, 'integrity_check');
      checks.push({ check: `integrity_check ${db.name}`, ok: facts.check === 'ok', detail: facts.check });
      const differing = Object.keys({ ...db.row_counts, ...facts.row_counts }).filter((t) => db.row_counts[t] !== facts.row_counts[t]);
      checks.push(differing.length === 0
        ? { check: `row counts ${db.name}`, ok: true, detail: `${Object.keys(db.row_counts).length} tables match the manifest` }
        : { check: `row counts ${db.name}`, ok: false, detail: differing.map((t) => `${t}: ${facts.row_counts[t] ?? 'missing'} vs manifest ${db.row_counts[t] ?? 'missing'}`).join(', ') });
      if (facts.schema_hash !== db.schema_hash) checks.push({ check: `schema ${db.name}`, ok: false, detail: 'schema hash differs from the manifest' });
    } catch (err) {
      checks.push({ check: `integrity_check ${db.name}`, ok: false, detail: `cannot open the database: ${describeCause(err)}` });
    }
  }
  return checks;
}

/** deep and drill: everything quick checks, then the contents. */
export async function contentChecks(
  d: Destination,
  e: CatalogEntry,
  identity: LoadedIdentity | undefined,
  scratch: string,
  drill: boolean,
): Promise<{ checks: Check[]; restoreMs: number }> {
  const checks: Check[] = [];
  const started = Date.now();
  mkdirSync(scratch, { recursive: true });
  try {
    const { members, manifestText } = await unpack([d.read(e.archive!.name), decryptor(identity!), decompressor(e.codec ?? 'gzip')], {
      into: scratch,
      write: (name) => drill || name.startsWith('databases/'),
    }).catch((err: unknown) => {
      if (err instanceof StoreOpsError && err.key === 'verify.unsafeMember') throw err;
      throw new StoreOpsError('failed', 'verify.decrypt', { problem: decryptProblem(err) });
    });
    if (!manifestText) {
      checks.push({ check: 'manifest', ok: false, detail: 'the archive has no manifest.json' });
      return { checks, restoreMs: Date.now() - started };
    }
    const manifest = JSON.parse(manifestText) as Manifest;
    checks.push({ check: 'decrypt', ok: true, detail: `${members.length} members` });
    checks.push(...compareMembers(manifest, members));
    checks.push(...(await databaseChecks(manifest, members)));
    return { checks, restoreMs: Date.now() - started };
  } catch (err) {
    if (err instanceof StoreOpsError) {
      checks.push({ check: err.key === 'verify.unsafeMember' ? 'member' : 'decrypt', ok: false, detail: err.message });
      return { checks, restoreMs: Date.now() - started };
    }
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function verifyBackup(
  d: Destination,
  e: CatalogEntry,
  level: VerifyLevel,
  identity: LoadedIdentity | undefined,
  scratchRoot: string,
): Promise<VerifyOutcome> {
  const started = Date.now();
  const checks = await quickChecks(d, e);
  let restoreMs: number | undefined;
  if (level !== 'quick' && e.archive) {
    const content = await contentChecks(d, e, identity, path.join(scratchRoot, `verify-${process.pid}-${e.id}`), level === 'drill');
    checks.push(...content.checks);
    if (level === 'drill') restoreMs = content.restoreMs;
  }
  const failed = checks.filter((c) => !c.ok);
  return {
    backup: e.base, destination: d.name, level, ok: failed.length === 0, checks,
    failure: failed.length > 0 ? failed.map((c) => `${c.check}: ${c.detail}`).join('; ') : undefined,
    duration_ms: Date.now() - started, restore_ms: restoreMs,
  };
}
