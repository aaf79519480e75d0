// restore: choose a backup, verify it while unpacking it into a staging folder beside the live
// files (every member's hash; every database's integrity as the signed manifest records it from
// backup time, or page by page when no trusted key vouches for it or with --paranoid), and only
// when every check passes, keep the current state in quarantine and rename the staged files into
// place; then open the live databases where the store will. Until the first rename nothing the store has is touched, and a crash at any moment
// leaves each file either as it was or as restored, with the old one kept in quarantine.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { admissible, catalog, signatureAccepted, type CatalogEntry, type DestinationCatalog } from '../backup/catalog.js';
import { acquireStoreLock, type LockOwner } from '../backup/lock.js';
import { destinationsOf } from '../backup/destinations.js';
import { headerCheck, stageArchive, type DatabaseCheckDepth, type StagedArchive } from '../backup/stage.js';
import { hashCheck, sidecarChecks } from '../backup/verify.js';
import type { StoreConfig } from '../core/config/load.js';
import { failure, usageError } from '../core/errors.js';
import type { LoadedIdentity } from '../keys/identity.js';
import { candidates, choose, type Choice } from './choose.js';
import { processesUsing } from './in-use.js';
import { assertNoLinks } from './links.js';
import { applyOwnership, callersOwnership, makeFolders, ownershipFor, type Ownership } from './ownership.js';
import type { LiveCheck } from './live-check.js';
import { COMPANIONS, liveIntegrity, placeFile, removeCompanions, settleWal } from './place.js';
import { keep, openQuarantine, saveRecord } from './quarantine.js';
import { planTargets, wanted, type NotRestored, type RestoreTarget, type Selection } from './targets.js';
import { clearDeadRunFolders, makeRunFolder } from '../core/run-folder.js';
import type { Reason, SignatureState } from '../signing/backup-signature.js';

export interface RestoreOptions extends Selection {
  config: StoreConfig;
  choice: Choice;
  identity: LoadedIdentity;
  operator: string;
  targetDir?: string;
  dryRun: boolean;
  force: boolean;
  /** Accept backups without a signature (made before signing); never forged, untrusted or future ones. */
  allowUnsigned: boolean;
  /** Check every page of every database again before and after the swap, even when a trusted key signed for it. */
  paranoid: boolean;
  /** Asked once the staged backup has passed every check; false cancels and leaves everything as it was. */
  confirm: (summary: RestorePlan) => Promise<boolean>;
  onStep?: (step: 'verify' | 'swap' | 'check', detail: string) => void;
}

export interface RestorePlan {
  backup: string;
  created: string;
  destination: string;
  /** Each live file restored, whether it replaces one, and the owner, group and mode it gets. */
  targets: Array<RestoreTarget & { replaces: boolean; owner: Ownership }>;
  /** Members of the backup that map to no place today's config allows, with the reason. */
  not_restored: NotRestored[];
  /** Copies tried before the one restored, and why each was passed over. */
  skipped: Array<{ backup: string; destination: string; failure: string }>;
  /** Newer backups not used because their signature does not hold (a forgery dated last night). */
  passed_over: Array<{ backup: string; reason: Reason }>;
  signature: { state: SignatureState; key_id: string | null };
  /**
   * How each database to restore was proven sound: `recorded`, the signed manifest's integrity_check
   * from backup time on exactly these bytes; `full`, integrity_check run again here.
   */
  database_checks: Array<{ database: string; depth: DatabaseCheckDepth; result: string }>;
  forced_while_in_use: Array<{ pid: number; command: string; file: string }>;
}

export interface RestoreResult extends RestorePlan {
  dry_run: boolean;
  cancelled: boolean;
  quarantine: string | null;
  live_checks: LiveCheck[];
  timings: { extract_ms: number; check_ms: number; swap_ms: number; live_check_ms: number };
  /** The store lock of a run that died, taken over by this restore. */
  lock_taken_over: LockOwner | null;
}

/** Where the staging folder goes, with its name prefix: the state folder when it is on the live files' disk. */
function stagingPlace(config: StoreConfig, near: string): { root: string; prefix: string } {
  const inState = path.join(config.state_dir, 'tmp');
  mkdirSync(inState, { recursive: true, mode: 0o700 });
  const sameDevice = existsSync(near) && statSync(inState).dev === statSync(near).dev;
  return sameDevice ? { root: inState, prefix: 'restore-' } : { root: near, prefix: '.restore-' };
}

function passedOver(catalogs: readonly DestinationCatalog[], opts: RestoreOptions, chosen: CatalogEntry): RestorePlan['passed_over'] {
  if (opts.choice.id !== undefined) return [];
  const before = opts.choice.before?.getTime() ?? Infinity;
  return catalogs.flatMap((d) => d.entries)
    .filter((e) => e.store === opts.config.store.id && e.sidecar && !signatureAccepted(e, opts.allowUnsigned))
    .filter((e) => e.created.getTime() > chosen.created.getTime() && e.created.getTime() < before)
    .map((e) => ({ backup: e.base, reason: e.distrust[0]! }));
}

export function checkNotInUse(config: StoreConfig, s: Selection, force: boolean): RestorePlan['forced_while_in_use'] {
  if (s.only === 'files') return [];
  const dbs = config.databases.filter((d) => s.db === undefined || d.name === s.db).map((d) => d.path);
  const users = processesUsing(dbs);
  if (users.length > 0 && !force) {
    // Program[pid] and the file: names and numbers, readable in either language.
    const who = users.map((u) => `${u.command}[${u.pid}] ${u.file}`).join(', ');
    const unit = config.probes.service?.systemd_unit;
    throw failure('restore.inUse', { who }, unit ? { key: 'hint.stopUnit', params: { unit } } : { key: 'hint.stopStore' });
  }
  return users;
}

/**
 * Every copy of a backup worth trying, the chosen one first, then the other destinations' in the
 * config's order: a bucket that cannot be reached or a folder copy that fails a check is not the
 * end of that backup.
 */
function copiesOf(catalogs: readonly DestinationCatalog[], e: CatalogEntry, allowUnsigned: boolean): CatalogEntry[] {
  const others = catalogs.flatMap((d) => d.entries).filter((x) => x !== e && x.base === e.base && admissible(x, allowUnsigned));
  return [e, ...others];
}

async function stageFirstGood(opts: RestoreOptions, tries: CatalogEntry[], catalogs: readonly DestinationCatalog[], staging: string) {
  const destinations = new Map(destinationsOf(opts.config).map((d) => [d.name, d]));
  const skipped: RestorePlan['skipped'] = [];
  for (const backup of tries) {
    for (const e of copiesOf(catalogs, backup, opts.allowUnsigned)) {
      opts.onStep?.('verify', e.base);
      rmSync(staging, { recursive: true, force: true });
      const d = destinations.get(e.destination)!;
      const whole = sidecarChecks(e);
      const expected = e.sidecar?.sha256 ?? '';
      // Only a trusted key's signature makes the manifest's backup-time integrity_check worth relying on.
      const depth = e.signature.state === 'trusted' && !opts.paranoid ? 'recorded' : 'full';
      const staged = whole.every((c) => c.ok) ? await stageArchive(d, e, opts.identity, staging, (m) => wanted(m, opts), (sha) => hashCheck(sha, expected), depth) : undefined;
      const failed = [...whole, ...(staged?.checks ?? [])].filter((c) => !c.ok);
      if (staged && failed.length === 0 && staged.manifest) return { entry: e, staged, skipped };
      skipped.push({ backup: e.base, destination: e.destination, failure: failed.map((c) => `${c.check}: ${c.detail}`).join('; ') });
    }
    if (!opts.choice.latest && !opts.choice.before) break;
  }
  rmSync(staging, { recursive: true, force: true });
  throw failure('restore.verifyFailed', { failures: skipped.map((s) => `${s.backup} (${s.destination}): ${s.failure}`).join(' | ') }, { key: 'hint.restoreOther' });
}

function databaseChecksDone(staged: StagedArchive, targets: readonly RestoreTarget[]): RestorePlan['database_checks'] {
  return targets.filter((t) => t.kind === 'database').map((t) => {
    const db = staged.manifest!.databases.find((d) => d.member === t.member)!;
    const full = staged.fullChecks.find((c) => c.database === db.name);
    return full ? { database: db.name, depth: 'full', result: full.result } : { database: db.name, depth: 'recorded', result: db.integrity_check ?? '' };
  });
}

/** Refuses, before anything is touched, a restore that would write through a link. */
function guard(config: StoreConfig, targets: readonly RestoreTarget[]): void {
  for (const t of targets) {
    assertNoLinks(config, t.live);
    if (t.kind === 'database') for (const s of COMPANIONS) assertNoLinks(config, t.live + s);
  }
}

function swap(opts: RestoreOptions, targets: RestoreTarget[], stagedFile: (member: string) => string, source: string): string {
  // Checked again here: the confirmation may have waited a long time since the plan.
  guard(opts.config, targets);
  // Owners are given before anything moves, so one that cannot be kept stops the restore untouched.
  for (const t of targets) applyOwnership(stagedFile(t.member), ownershipFor(t.live, t.mode), t.live);
  const { dir, record } = openQuarantine(opts.config.state_dir, 'restore', opts.operator, source);
  for (const t of targets) {
    if (t.kind === 'database') settleWal(t.live);
    if (existsSync(t.live)) keep(dir, record, t.live, t.member);
    else record.absent.push(t.live);
    if (t.kind === 'database') for (const s of COMPANIONS) if (existsSync(t.live + s)) keep(dir, record, t.live + s, t.member + s);
  }
  saveRecord(dir, record);
  for (const t of targets) {
    makeFolders(path.dirname(t.live));
    if (t.kind === 'database') removeCompanions(t.live);
    placeFile(stagedFile(t.member), t.live);
  }
  record.state = 'swapped';
  saveRecord(dir, record);
  return dir;
}

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const { config } = opts;
  if (opts.targetDir && existsSync(opts.targetDir) && readdirSync(opts.targetDir).length > 0) {
    throw usageError('restore.targetNotEmpty', { dir: opts.targetDir });
  }
  const catalogs = await catalog(config);
  const where = catalogs.map((d) => d.location).join(', ');
  const tries = choose(candidates(catalogs, config.store.id, true), opts.choice, where, config, opts.allowUnsigned);
  const inUse = opts.targetDir ? [] : checkNotInUse(config, opts, opts.force);
  // A dry run changes nothing, so it needs no lock and leaves even dead runs' folders for the next real run.
  const lock = opts.dryRun ? undefined : acquireStoreLock(config.state_dir, 'restore');
  let run: string | undefined;
  try {
    const place = stagingPlace(config, path.dirname(config.databases[0]!.path));
    if (!opts.dryRun) await clearDeadRunFolders(place.root, place.prefix);
    run = makeRunFolder(place.root, place.prefix, 'restore staging');
    const staging = path.join(run, 'staged');
    const { entry, staged, skipped } = await stageFirstGood(opts, tries, catalogs, staging);
    const { targets, notRestored } = planTargets(staged.manifest!, config, opts, opts.targetDir);
    if (!opts.targetDir) guard(config, targets);
    const ownerOf = (t: RestoreTarget) => (opts.targetDir ? callersOwnership(t.mode) : ownershipFor(t.live, t.mode));
    const plan: RestorePlan = {
      backup: entry.base, created: entry.created.toISOString(), destination: entry.destination,
      targets: targets.map((t) => ({ ...t, replaces: existsSync(t.live), owner: ownerOf(t) })), not_restored: notRestored, skipped, forced_while_in_use: inUse,
      passed_over: passedOver(catalogs, opts, entry), signature: { state: entry.signature.state, key_id: entry.signature.key_id },
      database_checks: databaseChecksDone(staged, targets),
    };
    const result: RestoreResult = {
      ...plan, dry_run: opts.dryRun, cancelled: false, quarantine: null, live_checks: [],
      timings: { extract_ms: staged.extractMs, check_ms: staged.checkMs, swap_ms: 0, live_check_ms: 0 },
      lock_taken_over: lock?.takenOver ?? null,
    };
    if (opts.dryRun) return result;
    if (!(await opts.confirm(plan))) return { ...result, cancelled: true };
    opts.onStep?.('swap', entry.base);
    const swapStarted = Date.now();
    const stagedFile = (member: string) => path.join(staging, ...member.split('/'));
    if (opts.targetDir) {
      for (const t of targets) {
        mkdirSync(path.dirname(t.live), { recursive: true });
        applyOwnership(stagedFile(t.member), callersOwnership(t.mode), t.live);
        placeFile(stagedFile(t.member), t.live);
      }
    } else {
      result.quarantine = swap(opts, targets, stagedFile, entry.base);
    }
    result.timings.swap_ms = Date.now() - swapStarted;
    opts.onStep?.('check', entry.base);
    const checkStarted = Date.now();
    for (const t of targets.filter((x) => x.kind === 'database')) {
      const facts = staged.manifest!.databases.find((db) => db.member === t.member)!;
      const database = t.database ?? t.member;
      result.live_checks.push(opts.paranoid
        ? { ...await liveIntegrity(t.live, `quick_check ${database} (live)`), database, file: t.live, depth: 'quick_check' }
        : { ...headerCheck(t.live, facts, `header ${database} (live)`), database, file: t.live, depth: 'header', pages: facts.page_count });
    }
    result.timings.live_check_ms = Date.now() - checkStarted;
    return result;
  } finally {
    if (run) rmSync(run, { recursive: true, force: true });
    lock?.release();
  }
}
