// backup run: snapshot every database while the store keeps selling, pack the snapshots and the
// configured files into a tar with a manifest, compress, encrypt to every recipient, and write
// the result to every destination: archive first (temporary name, fsync, rename), sidecar last,
// so a backup without its sidecar is never one that lists as good. The sidecar is signed with the
// store's signing key; the signature is written before the sidecar, so a sidecar that lists always
// has its signature beside it.
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { StoreConfig } from '../core/config/load.js';
import { configError, describeCause, failure } from '../core/errors.js';
import { ageEncrypt, ageEngine, encryptor } from './age-stream.js';
import { childChain, ChildFilterError } from './child-filter.js';
import { chooseCodec, compressor, ZSTD_COMPRESS } from './codec.js';
import { databaseFacts, type Facts } from './database-facts.js';
import { placeIn, type Destination, type PendingWrite, type WriteConfirmation } from './destination.js';
import { backupSection, destinationsOf, type BackupConfig } from './destinations.js';
import { acquireStoreLock, type LockOwner } from './lock.js';
import { FORMAT, FORMAT_VERSION, type DatabaseFacts, type Manifest, type Sidecar } from './manifest.js';
import { planFileMembers, type PlannedMember } from './members.js';
import { newBackupName, type BackupName, type Codec } from './naming.js';
import { packMembers } from './pack.js';
import { makeSnapshotFolder, scratchPlaces, type ScratchPlace } from './scratch.js';
import { snapshotDatabase } from './snapshot.js';
import { processAlive } from '../core/process-alive.js';
import { clearDeadRunFolders } from '../core/run-folder.js';
import { signatureName, signSidecar } from '../signing/backup-signature.js';
import { loadSigningKey } from '../signing/key-files.js';
import type { SecretKey } from '../signing/minisign.js';

export interface BackupProgress {
  (step: 'snapshot' | 'pack', done: number, total: number): void;
}

export interface BackupRunOptions {
  config: StoreConfig;
  toolVersion: string;
  now?: Date;
  onProgress?: BackupProgress;
}

export interface DestinationOutcome {
  name: string;
  archive: string;
  ok: boolean;
  /** How the destination's copy was confirmed to hold the bytes sent (fsync on a folder, the server's checksum on a bucket). */
  confirmed?: WriteConfirmation;
  error?: string;
}

export interface BackupRunResult {
  id: string;
  /** The name shared by the archive, its sidecar and its signature. */
  base: string;
  archive: string;
  sidecar: string;
  store: string;
  created: string;
  codec: string;
  size: number;
  sha256: string;
  duration_ms: number;
  snapshot_ms: number;
  /** Where the time went: snapshot, pack+compress+encrypt+write, waiting for the database checks, fsync and rename. */
  timings: { snapshot_ms: number; stream_ms: number; checks_wait_ms: number; commit_ms: number };
  databases: Array<{ name: string; pages: number; rows: number; integrity_check: string; check_ms: number }>;
  members: number;
  input_bytes: number;
  destinations: DestinationOutcome[];
  event_loop_max_delay_ms: number;
  warnings: string[];
  /** The lock of a run that died, taken over by this one. */
  lock_taken_over: LockOwner | null;
}


/** The signing key, loaded before any work: an unsigned backup would not count, so none is made. */
function signingKeyOf(config: StoreConfig, backup: BackupConfig): SecretKey {
  if (!backup.signing_key) {
    const key = path.join(config.configDir, 'keys', 'signing.key');
    throw configError('sign.noSigningKey', { file: config.configFile }, { key: 'hint.signingKeyGenerate', params: { config: config.configFile, key } });
  }
  return loadSigningKey(backup.signing_key);
}

// pipeline's typings cannot spread a list of stages that mixes streams and generator functions.
const streamThrough = pipeline as unknown as (...stages: unknown[]) => Promise<void>;

/**
 * Compress, then encrypt. With the zstd and age programs both, one chain of processes: the
 * compressed bytes go from zstd straight into age instead of out through Node and back in.
 */
function sealingStages(codec: Codec, recipients: readonly string[]) {
  if (codec === 'zstd' && ageEngine() === 'cli') return [childChain([ZSTD_COMPRESS, ageEncrypt(recipients)])];
  return [compressor(codec), encryptor(recipients)];
}

/** Leftovers of runs that died (SIGKILL, power cut): their partial archives, unfinished uploads and scratch copies. */
async function clearLeftovers(destinations: readonly Destination[], places: readonly ScratchPlace[], warnings: string[]): Promise<void> {
  for (const d of destinations) {
    for (const l of await d.leftovers().catch(() => [])) {
      if (l.pid !== undefined && processAlive(l.pid)) continue;
      try {
        await l.clear();
        warnings.push(`removed the leftover of an interrupted run: ${d.name}/${l.name}`);
      } catch (err) {
        warnings.push(`could not remove the leftover of an interrupted run, ${d.name}/${l.name}: ${describeCause(err)}`);
      }
    }
  }
  for (const p of places) {
    for (const c of await clearDeadRunFolders(p.root, p.prefix)) warnings.push(`removed the leftover of an interrupted run: ${c}`);
  }
}

function checkDatabaseFiles(config: StoreConfig): void {
  for (const db of config.databases) {
    let isFile = false;
    try {
      isFile = statSync(db.path).isFile();
    } catch (err) {
      throw failure('backup.databaseMissing', { name: db.name, file: db.path, problem: describeCause(err) }, { key: 'hint.databasePath' });
    }
    if (!isFile) throw failure('backup.databaseMissing', { name: db.name, file: db.path, problem: 'not a regular file' }, { key: 'hint.databasePath' });
  }
}

/**
 * The snapshot's facts with the time they took. A snapshot SQLite cannot even open for checking
 * is still archived (its bytes may be all there is to salvage from), with the reason as its check.
 */
async function timed(facts: Promise<Facts>): Promise<Facts & { check_ms: number }> {
  const started = Date.now();
  try {
    return { ...(await facts), check_ms: Date.now() - started };
  } catch (err) {
    return {
      schema_hash: '', schema_version: 0, page_size: 0, page_count: 0, journal_mode: '', row_counts: {},
      check: `cannot be checked: ${describeCause(err)}`, check_ms: Date.now() - started,
    };
  }
}

const inConfigOrder = (outcomes: DestinationOutcome[], backup: BackupConfig) =>
  backup.destinations.flatMap((d) => outcomes.filter((o) => o.name === d.name));

/** One destination's write in progress; `error` once it failed, after which it gets no more bytes. */
interface Sink {
  destination: Destination;
  pending: PendingWrite;
  error?: unknown;
}

/**
 * Every chunk to every destination still writing. A destination that fails is aborted and left
 * behind, the others go on: the stream fails only when none is left.
 */
function fanOut(sinks: readonly Sink[], onChunk: (chunk: Buffer) => void): Writable {
  return new Writable({
    highWaterMark: 1 << 18,
    write(chunk: Buffer, _enc, cb) {
      onChunk(chunk);
      const live = sinks.filter((s) => s.error === undefined);
      Promise.all(live.map((s) => s.pending.write(chunk).catch(async (err: unknown) => {
        s.error = err;
        await s.pending.abort().catch(() => undefined);
      }))).then(() => {
        const failed = sinks.find((s) => s.error !== undefined);
        cb(sinks.every((s) => s.error !== undefined) ? (failed!.error as Error) : undefined);
      }, cb);
    },
  });
}

/**
 * The destinations that can take a backup now, and why the others cannot. One that is down (an
 * unmounted drive, an unreachable bucket) does not keep the backup from the others; with none
 * left, the first one's error is the run's.
 */
async function usableDestinations(destinations: readonly Destination[], warnings: string[]): Promise<{ usable: Destination[]; refused: DestinationOutcome[] }> {
  const usable: Destination[] = [];
  const refused: DestinationOutcome[] = [];
  let first: unknown;
  for (const d of destinations) {
    try {
      warnings.push(...(await d.checkWritable()));
      usable.push(d);
    } catch (err) {
      first ??= err;
      refused.push({ name: d.name, archive: d.location, ok: false, error: describeCause(err) });
    }
  }
  if (usable.length === 0) throw first;
  return { usable, refused };
}

export async function runBackup(opts: BackupRunOptions): Promise<BackupRunResult> {
  const { config } = opts;
  const backup = backupSection(config);
  const signingKey = signingKeyOf(config, backup);
  const started = Date.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const warnings: string[] = [];
  const { usable: destinations, refused } = await usableDestinations(destinationsOf(config), warnings);
  checkDatabaseFiles(config);
  const codec = chooseCodec(backup.compression);
  const fileMembers = await planFileMembers(config.files, config.configDir);

  const lock = acquireStoreLock(config.state_dir, 'backup-run');
  let scratch: string | undefined;
  try {
    const places = scratchPlaces(config.state_dir, backup.snapshot_dir, config.databases.reduce((sum, db) => sum + statSync(db.path).size, 0));
    await clearLeftovers(destinations, places.all, warnings);
    scratch = makeSnapshotFolder(places.use);

    const snapshotStarted = Date.now();
    const dbMembers: PlannedMember[] = [];
    const snapshots: Array<{ name: string; source: string; file: string; pages: number }> = [];
    for (const db of config.databases) {
      const file = path.join(scratch, `${db.name}.db`);
      const snap = await snapshotDatabase(db.path, file, (done, total) => opts.onProgress?.('snapshot', done, total));
      snapshots.push({ name: db.name, source: db.path, file, pages: snap.pages });
      dbMembers.push({ name: `databases/${db.name}.db`, file, size: statSync(file).size, mode: 0o644, kind: 'database', source_path: db.path });
    }
    const snapshotMs = Date.now() - snapshotStarted;
    // The full check of each snapshot starts now, in a low-priority worker, while the archive is
    // written: the manifest (the archive's last member) carries its result.
    const factsPending = snapshots.map((s) => timed(databaseFacts(s.file, 'integrity_check')));

    const created = opts.now ?? new Date();
    const name: BackupName = newBackupName(config.store.id, created, codec);
    const members = [...dbMembers, ...fileMembers];
    const totalBytes = members.reduce((s, m) => s + m.size, 0);
    let packed = 0;
    let facts: Array<Facts & { check_ms: number }> = [];
    let checksWaitMs = 0;
    const manifestFor = async (written: Manifest['members']) => {
      const waitStarted = Date.now();
      facts = await Promise.all(factsPending);
      checksWaitMs = Date.now() - waitStarted;
      const databases: DatabaseFacts[] = snapshots.map((s, i) => ({
        name: s.name, member: `databases/${s.name}.db`, source_path: s.source,
        schema_hash: facts[i]!.schema_hash, schema_version: facts[i]!.schema_version, page_size: facts[i]!.page_size,
        page_count: facts[i]!.page_count, journal_mode: facts[i]!.journal_mode, integrity_check: facts[i]!.check, row_counts: facts[i]!.row_counts,
      }));
      const manifest: Manifest = {
        format: FORMAT, format_version: FORMAT_VERSION, tool_version: opts.toolVersion,
        store: { id: config.store.id, name: config.store.name }, id: name.id, created: name.created.toISOString(),
        snapshot_duration_ms: snapshotMs, members: written, databases,
      };
      return `${JSON.stringify(manifest, null, 2)}\n`;
    };
    const pack = packMembers(members, manifestFor, (n) => {
      packed += n;
      opts.onProgress?.('pack', packed, totalBytes);
    });

    const sinks: Sink[] = [];
    const outcomes: DestinationOutcome[] = [...refused];
    const begun = await Promise.allSettled(destinations.map((d) => d.begin(name.archive, totalBytes)));
    for (const [i, started] of begun.entries()) {
      const d = destinations[i]!;
      if (started.status === 'fulfilled') sinks.push({ destination: d, pending: started.value });
      else outcomes.push({ name: d.name, archive: placeIn(d.location, name.archive), ok: false, error: describeCause(started.reason) });
    }
    if (sinks.length === 0) throw (begun[0] as PromiseRejectedResult).reason;
    const streamStarted = Date.now();
    const hash = createHash('sha256');
    let size = 0;
    try {
      await Promise.all([
        pack.done,
        streamThrough(
          pack.stream,
          ...sealingStages(codec, backup.recipients),
          fanOut(sinks, (chunk) => {
            hash.update(chunk);
            size += chunk.length;
          }),
        ),
      ]);
    } catch (err) {
      await Promise.all(sinks.map((s) => s.pending.abort().catch(() => undefined)));
      if (err instanceof ChildFilterError) throw failure('backup.toolFailed', { command: err.command, problem: err.message }, undefined, err);
      throw err;
    }
    const sha256 = hash.digest('hex');
    const streamMs = Date.now() - streamStarted;
    const commitStarted = Date.now();
    const sidecar: Sidecar = {
      format: FORMAT, format_version: FORMAT_VERSION, id: name.id, store: config.store.id, created: name.created.toISOString(),
      file: name.archive, codec, size, sha256, recipients: [...backup.recipients], tool_version: opts.toolVersion,
    };
    const sidecarText = `${JSON.stringify(sidecar, null, 2)}\n`;
    const signature = signSidecar(sidecarText, signingKey, { base: name.base, store: config.store.id, id: name.id, created: name.created });
    for (const s of sinks) {
      const d = s.destination;
      const archive = placeIn(d.location, name.archive);
      if (s.error !== undefined) {
        outcomes.push({ name: d.name, archive, ok: false, error: describeCause(s.error) });
        continue;
      }
      try {
        const confirmed = await s.pending.commit();
        await d.writeWhole(signatureName(name.base), signature);
        await d.writeWhole(name.sidecar, sidecarText);
        outcomes.push({ name: d.name, archive, ok: true, confirmed });
      } catch (err) {
        await s.pending.abort();
        outcomes.push({ name: d.name, archive, ok: false, error: describeCause(err) });
      }
    }
    for (const [i, f] of facts.entries()) {
      if (f.check !== 'ok') warnings.push(`the snapshot of database ${snapshots[i]!.name} failed integrity_check: ${f.check}`);
    }
    loop.disable();
    return {
      id: name.id, base: name.base, archive: name.archive, sidecar: name.sidecar, store: config.store.id, created: name.created.toISOString(), codec, size, sha256,
      duration_ms: Date.now() - started, snapshot_ms: snapshotMs,
      timings: { snapshot_ms: snapshotMs, stream_ms: streamMs, checks_wait_ms: checksWaitMs, commit_ms: Date.now() - commitStarted },
      databases: snapshots.map((s, i) => ({ name: s.name, pages: s.pages, rows: Object.values(facts[i]!.row_counts).reduce((a, b) => a + b, 0), integrity_check: facts[i]!.check, check_ms: facts[i]!.check_ms })),
      members: members.length + 1, input_bytes: totalBytes, destinations: inConfigOrder(outcomes, backup),
      event_loop_max_delay_ms: Math.round(loop.max / 1e6), warnings, lock_taken_over: lock.takenOver ?? null,
    };
  } finally {
    loop.disable();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    lock.release();
  }
}
