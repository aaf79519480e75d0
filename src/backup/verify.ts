// Proving a backup restores. quick: the archive is whole (sidecar present, size and SHA-256
// match) and needs no key. deep: decrypt, decompress and unpack every member, check each
// against the manifest, and run integrity_check on every database with its row counts compared.
// drill: a full restore of every member into a scratch folder, timed. Each check that fails says
// which member or which check. A backup whose signature does not hold is not examined further:
// its sidecar, and so every hash in it, may be the forger's.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { LoadedIdentity } from '../keys/identity.js';
import { translate } from '../core/i18n.js';
import { signatureAccepted, type CatalogEntry } from './catalog.js';
import type { Destination } from './destination.js';
import type { VerifyLevel } from './ledger.js';
import { stageArchive, type Check, type FullCheck } from './stage.js';
import { clearDeadRunFolders, makeRunFolder } from '../core/run-folder.js';

export type { Check };

export interface VerifyOutcome {
  backup: string;
  destination: string;
  level: VerifyLevel;
  ok: boolean;
  /** False when the signature check failed and nothing else was looked at. */
  examined: boolean;
  checks: Check[];
  /** Every failed check, as one line. */
  failure: string | undefined;
  duration_ms: number;
  restore_ms: number | undefined;
  /** Every database checked page by page, for the ledger of full checks. */
  full_checks: FullCheck[];
}

async function sha256Of(d: Destination, name: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(d.read(name), new Writable({ write: (c: Buffer, _e, cb) => (hash.update(c), cb()) }));
  return hash.digest('hex');
}

export function signatureCheck(e: CatalogEntry, allowUnsigned: boolean): Check {
  if (signatureAccepted(e, allowUnsigned)) {
    return { check: 'signature', ok: true, detail: e.signature.state === 'trusted' ? `signed by trusted key ${e.signature.key_id}` : 'unsigned, accepted with --allow-unsigned' };
  }
  const reason = e.distrust[0];
  return { check: 'signature', ok: false, detail: reason ? translate('en', reason.key, reason.params) : 'not checked' };
}

/** What the sidecar alone can tell, without reading the archive: present, and the right size. */
export function sidecarChecks(e: CatalogEntry): Check[] {
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
  return checks;
}

export function hashCheck(actual: string, expected: string): Check {
  return actual === expected
    ? { check: 'sha256', ok: true, detail: actual }
    : { check: 'sha256', ok: false, detail: `the archive's SHA-256 is ${actual.slice(0, 16)}…, the sidecar says ${expected.slice(0, 16)}… (damaged or tampered)` };
}

export async function quickChecks(d: Destination, e: CatalogEntry): Promise<Check[]> {
  const checks = sidecarChecks(e);
  if (!e.archive || !e.sidecar) return checks;
  checks.push(hashCheck(await sha256Of(d, e.archive.name), e.sidecar.sha256));
  return checks;
}

/** deep and drill: everything quick checks, then the contents (unpacked into `scratch`, then removed). */
export async function contentChecks(
  d: Destination,
  e: CatalogEntry,
  identity: LoadedIdentity | undefined,
  scratch: string,
  drill: boolean,
): Promise<{ checks: Check[]; restoreMs: number; fullChecks: FullCheck[] }> {
  try {
    const staged = await stageArchive(d, e, identity!, scratch, (name) => drill || name.startsWith('databases/'));
    return { checks: staged.checks, restoreMs: staged.extractMs + staged.checkMs, fullChecks: staged.fullChecks };
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
  allowUnsigned = false,
): Promise<VerifyOutcome> {
  const started = Date.now();
  // Without a sidecar there is no signature to check; the sidecar checks say what is missing.
  const signature = e.sidecar ? signatureCheck(e, allowUnsigned) : undefined;
  const examined = signature?.ok ?? true;
  const checks = examined ? [...(signature ? [signature] : []), ...(await quickChecks(d, e))] : [signature!];
  let restoreMs: number | undefined;
  const fullChecks: FullCheck[] = [];
  if (examined && level !== 'quick' && e.archive) {
    // A private, marked scratch folder, so the next verify can tell a killed one's leftovers from anything else.
    mkdirSync(scratchRoot, { recursive: true, mode: 0o700 });
    await clearDeadRunFolders(scratchRoot, 'verify-');
    const run = makeRunFolder(scratchRoot, 'verify-', 'verify scratch');
    let content;
    try {
      content = await contentChecks(d, e, identity, path.join(run, 'staged'), level === 'drill');
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
    checks.push(...content.checks);
    fullChecks.push(...content.fullChecks);
    if (level === 'drill') restoreMs = content.restoreMs;
  }
  const failed = checks.filter((c) => !c.ok);
  return {
    backup: e.base, destination: d.name, level, ok: failed.length === 0, examined, checks,
    failure: failed.length > 0 ? failed.map((c) => `${c.check}: ${c.detail}`).join('; ') : undefined,
    duration_ms: Date.now() - started, restore_ms: restoreMs, full_checks: fullChecks,
  };
}
