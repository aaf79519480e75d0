// The restore benchmark: `store-ops restore --latest --yes` side by side with `restic restore`
// and the by-hand `age -d | tar -x` of the same backup, on the large demo store, in the same run.
//
// Everything happens in bench/.data/out/restore; the demo in bench/.data/large is only read:
//   snap/store.db        a `sqlite3 .backup` copy of the demo database: the "old" database, put
//                        back before every store-ops restore so that each one really swaps
//   store/               the scratch store: store.db (a copy of snap/store.db), config/ (a copy of
//                        the demo's config folder, the `files` a restore writes back) and
//                        store-ops.yaml (absolute paths; state and backups beside it)
//   backups/, backups-gzip/, restic-repo/   one store-ops zstd backup, one gzip backup (optional)
//                        and one restic snapshot, all three of the same snap/store.db
// Each measured restore writes into a fresh target that is removed once measured; the store-ops
// restore's quarantine (hard links to the replaced files) is removed before the next put-back.
import { spawnSync } from 'node:child_process';
import { constants, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { measure, measureShell, mustSucceed, q } from './proc.js';
import { writeRunConfig } from './prereqs.js';

const TIMEOUT_MS = 15 * 60_000;
const COMPANIONS = ['-wal', '-shm', '-journal'];

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function duBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

/** Flushes dirty pages (the put-back copy, the previous run's output) so no run pays for another's writeback. */
function settle() {
  spawnSync('sync', [], { stdio: 'ignore' });
}

function record(method, run, r, details = {}) {
  return {
    method, run, wall_ms: r.wall_ms, cpu_ms: r.cpu_ms, tree_mb: r.tree_mb, largest_mb: r.largest_mb, largest_name: r.largest_name,
    load: r.load_at_start, children: r.children, details,
  };
}

/** `store-ops --json backup run` with a config, checked; returns its JSON. */
async function storeOpsBackup(ctx, config, codec) {
  const r = await measure(process.execPath, [ctx.cli, '--json', '--config', config, 'backup', 'run'], { cwd: ctx.root, timeoutMs: TIMEOUT_MS });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  if (r.code !== 0 || !json?.ok) {
    const why = json?.error?.message ?? json?.warnings?.join('; ') ?? r.stderr.trim().split('\n').pop();
    throw new Error(`restore bench: store-ops backup run (${codec}) failed (exit ${r.code ?? r.signal}): ${why}`);
  }
  if (json.codec !== codec) throw new Error(`restore bench: store-ops backup run used ${json.codec}, expected ${codec}`);
  return { ...json, wall_ms: r.wall_ms };
}

/**
 * Builds the scratch store and the three backups of one `sqlite3 .backup` copy (not measured,
 * beyond what is reported about them). Returns the context the measurements need.
 */
export async function prepareRestore(ctx, { gzip = true, log }) {
  const dir = fresh(path.join(ctx.outDir, 'restore'));
  const snapDir = fresh(path.join(dir, 'snap'));
  const pristine = path.join(snapDir, 'store.db');
  log('restore: sqlite3 .backup of the demo database (the old database and the one every tool backs up)');
  mustSucceed('sqlite3 .backup', await measure('sqlite3', [ctx.database, `.backup ${q(pristine)}`], { timeoutMs: TIMEOUT_MS }));

  const storeDir = fresh(path.join(dir, 'store'));
  cpSync(path.join(ctx.demoDir, 'config'), path.join(storeDir, 'config'), { recursive: true });
  const live = path.join(storeDir, 'store.db');
  copyFileSync(pristine, live, constants.COPYFILE_FICLONE);
  const files = [`${path.join(storeDir, 'config')}/`];
  const stateDir = path.join(dir, 'state');
  const config = writeRunConfig(ctx.demoDir, path.join(storeDir, 'store-ops.yaml'), {
    database: live, destination: path.join(dir, 'backups'), stateDir, compression: 'zstd', files,
  });

  log('restore: store-ops backup run (zstd) of the scratch store');
  const zstd = await storeOpsBackup(ctx, config, 'zstd');
  let gz;
  if (gzip) {
    // Its own destination and state: `restore --latest` must find only the zstd backup.
    const gzConfig = writeRunConfig(ctx.demoDir, path.join(dir, 'store-ops-gzip.yaml'), {
      database: live, destination: path.join(dir, 'backups-gzip'), stateDir: path.join(dir, 'state-gzip'), compression: 'gzip', files,
    });
    log('restore: store-ops backup run (gzip) of the scratch store, for age -d | tar xz');
    gz = await storeOpsBackup(ctx, gzConfig, 'gzip');
  }

  log('restore: restic backup of the same copy into a fresh repository');
  const repo = path.join(dir, 'restic-repo');
  const resticEnv = { ...process.env, RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(dir, 'restic-cache'), RESTIC_PROGRESS_FPS: '0.2' };
  mustSucceed('restic init', await measure('restic', ['-r', repo, 'init'], { env: resticEnv }));
  // Relative path: `restic restore --target DIR` then writes DIR/store.db.
  mustSucceed('restic backup', await measure('restic', ['-r', repo, 'backup', '--quiet', '--host', 'bench', 'store.db'], { env: resticEnv, cwd: snapDir, timeoutMs: TIMEOUT_MS }));

  // For context: what reading and hashing the archive alone costs (store-ops checks it against the sidecar first).
  const sha = mustSucceed('sha256sum', await measure('sha256sum', [zstd.archive_paths[0]]));

  return {
    dir, snapDir, pristine, storeDir, live, stateDir, config, repo, resticEnv,
    pristineBytes: statSync(pristine).size,
    backups: {
      zstd: { archive: zstd.archive_paths[0], size: zstd.size, wall_ms: zstd.wall_ms },
      gzip: gz ? { archive: gz.archive_paths[0], size: gz.size, wall_ms: gz.wall_ms } : undefined,
      restic: { repo_bytes: duBytes(repo) },
    },
    sha256sum_ms: sha.wall_ms,
  };
}

/** Puts a fresh copy of the old database in place, and drops what the previous restore left. */
function putBackOldDatabase(rc) {
  for (const s of ['', ...COMPANIONS]) rmSync(rc.live + s, { force: true });
  rmSync(path.join(rc.stateDir, 'quarantine'), { recursive: true, force: true });
  copyFileSync(rc.pristine, rc.live, constants.COPYFILE_FICLONE);
}

/**
 * (a) `store-ops --json restore --latest --yes` into the scratch store; with `paranoid`, the same
 * with `--paranoid` (integrity_check of the staged and of the live database, as before check-once).
 */
async function storeOpsRestore(ctx, rc, run, paranoid = false) {
  putBackOldDatabase(rc);
  const oldIno = statSync(rc.live).ino;
  settle();
  const args = [ctx.cli, '--json', '--config', rc.config, 'restore', '--latest', '--yes', ...(paranoid ? ['--paranoid'] : [])];
  const r = await measure(process.execPath, args, { cwd: ctx.root, timeoutMs: TIMEOUT_MS });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  if (r.code !== 0 || !json?.ok) {
    const why = json?.error?.message ?? json?.live_checks?.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`).join('; ') ?? r.stderr.trim().split('\n').pop();
    throw new Error(`store-ops restore --latest failed (exit ${r.code ?? r.signal}): ${why}`);
  }
  const db = json.targets.find((t) => t.kind === 'database');
  if (!db?.replaces) throw new Error('store-ops restore did not replace the database: the bench measured no swap');
  if (statSync(rc.live).ino === oldIno) throw new Error('store-ops restore reported success but store.db is still the old file');
  if (!json.quarantine || !existsSync(json.quarantine)) throw new Error('store-ops restore left no quarantine folder');
  const t = json.timings;
  return record(paranoid ? 'store-ops-paranoid' : 'store-ops', run, r, {
    timings: t, live_checks: json.live_checks, database_checks: json.database_checks, backup: json.backup, skipped: json.skipped.length,
    other_ms: r.wall_ms - t.extract_ms - t.check_ms - t.swap_ms - t.live_check_ms,
    to_swap_ms: r.wall_ms - t.check_ms - t.live_check_ms,
  });
}

/** Fails when a by-hand restore did not produce the whole database. */
function expectFile(file, bytes, what) {
  if (!existsSync(file)) throw new Error(`${what}: ${file} is missing after the restore`);
  if (bytes !== undefined && statSync(file).size !== bytes) throw new Error(`${what}: ${file} has ${statSync(file).size} bytes, expected ${bytes}`);
}

/** (b) `restic restore latest --target DIR` into a fresh DIR. */
async function resticRestore(rc, run) {
  const target = fresh(path.join(rc.dir, `restic-target-${run}`));
  settle();
  const r = mustSucceed('restic restore', await measure('restic', ['-r', rc.repo, 'restore', 'latest', '--target', target], { env: rc.resticEnv, timeoutMs: TIMEOUT_MS }));
  expectFile(path.join(target, 'store.db'), rc.pristineBytes, 'restic restore');
  rmSync(target, { recursive: true, force: true });
  return record('restic', run, r);
}

/** (c) `age -d -i identity FILE | tar --zstd -x -C DIR` (or `tar -xz` for gzip) into a fresh DIR. */
async function byHand(ctx, rc, codec, run) {
  const target = fresh(path.join(rc.dir, `tar-${codec}-target-${run}`));
  const archive = rc.backups[codec].archive;
  const flag = codec === 'zstd' ? '--zstd -x' : '-xz';
  settle();
  const r = mustSucceed(`age -d | tar ${flag}`, await measureShell(`age -d -i ${q(ctx.identity)} ${q(archive)} | tar ${flag} -C ${q(target)}`, { timeoutMs: TIMEOUT_MS }));
  expectFile(path.join(target, 'databases', 'main.db'), undefined, `age -d | tar ${flag}`);
  rmSync(target, { recursive: true, force: true });
  return record(`age+tar-${codec}`, run, r);
}

/** Every restore method `runs` times, interleaved; returns the records. */
export async function measureRestores(ctx, rc, { runs, log, paranoid = true }) {
  const plan = [
    ['store-ops restore --latest --yes', (run) => storeOpsRestore(ctx, rc, run)],
    ...(paranoid ? [['store-ops restore --latest --yes --paranoid', (run) => storeOpsRestore(ctx, rc, run, true)]] : []),
    ['restic restore', (run) => resticRestore(rc, run)],
    ['age -d | tar --zstd -x', (run) => byHand(ctx, rc, 'zstd', run)],
    ...(rc.backups.gzip ? [['age -d | tar xz', (run) => byHand(ctx, rc, 'gzip', run)]] : []),
  ];
  const records = [];
  for (let run = 1; run <= runs; run++) {
    for (const [name, fn] of plan) {
      log(`restore run ${run}/${runs}: ${name}`);
      const r = await fn(run);
      records.push(r);
      const t = r.details.timings;
      const parts = t ? ` (extract ${(t.extract_ms / 1000).toFixed(1)}, check ${(t.check_ms / 1000).toFixed(1)}, swap ${(t.swap_ms / 1000).toFixed(2)}, live check ${(t.live_check_ms / 1000).toFixed(1)} s)` : '';
      log(`  ${r.method}: ${(r.wall_ms / 1000).toFixed(1)} s${parts}, ${r.tree_mb.toFixed(0)} MB peak`);
    }
  }
  return records;
}

/** Removes the scratch store, backups and repository (unless BENCH_KEEP=1). */
export function cleanupRestore(rc, keep) {
  if (keep) return;
  rmSync(rc.dir, { recursive: true, force: true });
}
