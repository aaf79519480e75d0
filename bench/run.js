#!/usr/bin/env node
// npm run bench: store-ops backup run side by side with restic and the shell pipelines, on the
// large demo store, in the same run; then store-ops under a steady load of sales. Prints a
// Markdown table and writes it to bench/results/backup-<date>.md. Then the restore: store-ops
// restore --latest --yes side by side with restic restore and age -d | tar -x of the same
// backup, written to bench/results/restore-<date>.md (bench/lib/restore.js).
//
// Environment:
//   BENCH_RUNS=N         runs per method (default 2, at least 1)
//   BENCH_GZIP=0         skip store-ops with gzip (in the restore section: the gzip backup and age -d | tar xz)
//   BENCH_LOAD=0         skip the under-load run
//   BENCH_RATE=N         sales per second in the under-load run (default 20)
//   BENCH_SYNCHRONOUS=X  the writer's PRAGMA synchronous (default FULL)
//   BENCH_RESTORE=0      skip the restore section (and with it the signatures' share of backup and restore)
//   BENCH_KEEP=1         keep the outputs in bench/.data/out (else removed as soon as measured)
//   BENCH_DIAGNOSE=0     skip the diagnose section: log scanning vs grep -E on ~1 GB of mixed logs,
//                        and a full diagnose of the medium demo (bench/lib/diagnose.js)
//   BENCH_LOG_MB=N       size of the logs the diagnose section scans (default 1024)
// `node bench/run.js diagnose` runs the diagnose section alone, without the backup store.
//   BENCH_RECONCILE=0    skip the reconcile section: reconcile stock against a naive per-SKU loop and
//                        the sqlite3 shell, reconcile sales over 100 000 journal receipts (bench/lib/reconcile.js)
// `node bench/run.js reconcile` runs the reconcile section alone (on a copy of the large demo).
//   BENCH_STARTUP=0      skip the startup section: short commands from the bundle against the same
//                        sources compiled module by module, node -e 0 and restic snapshots
//   BENCH_STARTUP_RUNS=N runs per command in the startup section (default 15)
// `node bench/run.js startup` runs the startup section alone, on a small demo store.
//   BENCH_RECOVERY=0     skip the recovery section: a damaged large demo put right by diagnose,
//                        restore --latest and reconcile sales --apply, timed step by step (bench/lib/recovery.js)
// `node bench/run.js recovery` runs the recovery section alone.
//   BENCH_S3=0           skip the s3 section: backup to and restore from a bucket on a loopback S3 server
//                        (s3rver, started by the bench, its files in bench/.data/s3) against restic's
//                        `s3:` repository on the same server, plus both into a folder for reference (bench/lib/s3.js)
// `node bench/run.js s3` runs the s3 section alone.
//
// Everything the bench writes lives in bench/.data (gitignored) except the report in
// bench/results. A missing prerequisite ends it with one line and exit code 1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { underLoad } from './lib/load.js';
import { restic, storeOps, tarAge } from './lib/methods.js';
import { ensureBuilt, ensureLargeDemo, ensurePackages, Missing, toolVersions } from './lib/prereqs.js';
import { aims, markdown, summarize } from './lib/report.js';
import { cleanupRestore, measureRestores, prepareRestore } from './lib/restore.js';
import { restoreAims, restoreMarkdown, summarizeRestores } from './lib/restore-report.js';
import { runDiagnoseSection } from './lib/diagnose.js';
import { runReconcileSection } from './lib/reconcile.js';
import { runRecoverySection } from './lib/recovery.js';
import { runS3Section, s3Versions } from './lib/s3.js';
import { signingCost, signingMarkdown } from './lib/signing.js';
import { runStartupSection, startupMarkdown } from './lib/startup.js';
import { RUNS } from './lib/figures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const dataDir = path.join(here, '.data');
const outDir = path.join(dataDir, 'out');
const resultsDir = path.join(here, 'results');
const env = process.env;
const keep = env.BENCH_KEEP === '1';

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** Which store-ops was measured: the commit, and whether src/ had changes on top (read-only git). */
function buildInfo() {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...env, GIT_OPTIONAL_LOCKS: '0' } });
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'not a git checkout';
  const dirty = git(['status', '--porcelain', '--', 'src']).stdout.trim();
  return `commit ${head.stdout.trim()}${dirty ? ' + uncommitted changes in src/' : ''}, dist/ as built`;
}

function localDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function machineLine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`;
}

function diagnoseSection() {
  return runDiagnoseSection({
    ctx: { root, cli: path.join(root, 'bin', 'store-ops.js') }, dataDir, resultsDir, log, date: localDate(), machine: machineLine(), build: buildInfo(),
  });
}

function reconcileSection(demoDir) {
  return runReconcileSection({
    ctx: { root, cli: path.join(root, 'bin', 'store-ops.js'), demoDir, database: path.join(demoDir, 'store.db') },
    dataDir, resultsDir, log, date: localDate(), machine: machineLine(), build: buildInfo(),
  });
}

function recoverySection(demoDir) {
  return runRecoverySection({
    ctx: { root, cli: path.join(root, 'bin', 'store-ops.js'), demoDir, database: path.join(demoDir, 'store.db') },
    dataDir, resultsDir, log, date: localDate(), machine: machineLine(), build: buildInfo(),
  });
}

function s3Section(demoDir) {
  return runS3Section({
    ctx: { root, cli: path.join(root, 'bin', 'store-ops.js'), demoDir, database: path.join(demoDir, 'store.db') },
    dataDir, resultsDir, log, date: localDate(), machine: machineLine(), build: buildInfo(), versions: { ...toolVersions(), ...s3Versions(root) },
  });
}

function startupSection() {
  const result = runStartupSection({ root, dataDir, log });
  const md = startupMarkdown(result, { date: localDate(), machine: machineLine(), build: buildInfo() });
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `startup-${localDate()}.md`);
  writeFileSync(file, md);
  process.stdout.write(md);
  log(`written to ${path.relative(root, file)}`);
}

async function main() {
  const t0 = Date.now();
  ensureBuilt(root);
  if (process.argv[2] === 'diagnose') return diagnoseSection();
  if (process.argv[2] === 'reconcile') return reconcileSection(ensureLargeDemo(root, dataDir, log));
  if (process.argv[2] === 'startup') return startupSection();
  if (process.argv[2] === 'recovery') return recoverySection(ensureLargeDemo(root, dataDir, log));
  if (process.argv[2] === 's3') {
    ensurePackages(log);
    return s3Section(ensureLargeDemo(root, dataDir, log));
  }
  ensurePackages(log);
  const demoDir = ensureLargeDemo(root, dataDir, log);
  // A fresh output folder: only bench/.data/out, which the bench alone writes.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const ctx = {
    root, cli: path.join(root, 'bin', 'store-ops.js'), demoDir, database: path.join(demoDir, 'store.db'), outDir, keep,
    recipient: readFileSync(path.join(demoDir, 'keys', 'recipient.txt'), 'utf8').trim(),
    identity: path.join(demoDir, 'keys', 'identity.txt'),
  };
  const dbBytes = statSync(ctx.database).size;
  const versions = toolVersions();

  const plan = [
    ['store-ops zstd', (run) => storeOps(ctx, { codec: 'zstd', run })],
    ['restic', (run) => restic(ctx, { run })],
    ['sqlite3 + tar -I zstd | age', (run) => tarAge(ctx, { codec: 'zstd', run })],
    ...(env.BENCH_GZIP === '0' ? [] : [['store-ops gzip', (run) => storeOps(ctx, { codec: 'gzip', run })]]),
    ['sqlite3 + tar czf | age', (run) => tarAge(ctx, { codec: 'gzip', run })],
  ];
  const records = [];
  for (let run = 1; run <= RUNS; run++) {
    for (const [name, fn] of plan) {
      log(`run ${run}/${RUNS}: ${name}`);
      const got = [await fn(run)].flat();
      for (const r of got) {
        records.push(r);
        log(`  ${r.method}: ${(r.wall_ms / 1000).toFixed(1)} s, ${r.tree_mb.toFixed(0)} MB peak, ${(r.output_bytes / 1e6).toFixed(0)} MB out`);
      }
      if (!keep) for (const dir of new Set(got.map((r) => r.dir))) rmSync(dir, { recursive: true, force: true });
    }
  }

  let load;
  if (env.BENCH_LOAD !== '0') {
    const rate = Number(env.BENCH_RATE ?? 20) || 20;
    log(`under load: ${rate} sales/s while store-ops backup run (zstd) runs, then verify the backup by hand`);
    load = await underLoad(ctx, { codec: 'zstd', rate });
    log(`  backup ${(load.backup.wall_ms / 1000).toFixed(1)} s; slowest commit ${load.writer.max_ms.toFixed(1)} ms; verify ${load.verify.ok ? 'ok' : 'FAILED'}`);
  }

  const sum = summarize(records);
  const aimRows = aims(sum, load);
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const header = {
    date: localDate(),
    machine: `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    versions, build: buildInfo(), store: `store.db ${(dbBytes / 1e9).toFixed(2)} GB`, runs: RUNS,
  };
  const md = markdown({ ...header, sum, load, aimRows, notes: [`Bench time: ${((Date.now() - t0) / 60000).toFixed(1)} min.`] });
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `backup-${localDate()}.md`);
  writeFileSync(file, md);
  process.stdout.write(md);
  log(`written to ${path.relative(root, file)}`);

  if (env.BENCH_RESTORE !== '0') {
    const t1 = Date.now();
    const rc = await prepareRestore(ctx, { gzip: env.BENCH_GZIP !== '0', log });
    const restoreRecords = await measureRestores(ctx, rc, { runs: RUNS, log });
    const rsum = summarizeRestores(restoreRecords);
    const rmd = restoreMarkdown({
      ...header, sum: rsum, aimRows: restoreAims(rsum), rc, cliIntegrity: load?.verify.integrity_ms,
      notes: [`Restore section time (backups made for it included): ${((Date.now() - t1) / 60000).toFixed(1)} min.`],
    });
    cleanupRestore(rc, keep);
    // Written before the signatures are measured, so a failure there keeps the restore's results.
    const rfile = path.join(resultsDir, `restore-${localDate()}.md`);
    writeFileSync(rfile, rmd);
    const smd = signingMarkdown(await signingCost(ctx), sum['store-ops-zstd'].wall_ms, rsum['store-ops'].wall_ms);
    writeFileSync(rfile, `${rmd}\n${smd}`);
    process.stdout.write(`\n${rmd}\n${smd}`);
    log(`written to ${path.relative(root, rfile)}`);
  }
  if (!keep) rmSync(outDir, { recursive: true, force: true });
  if (env.BENCH_DIAGNOSE !== '0') await diagnoseSection();
  if (env.BENCH_RECONCILE !== '0') await reconcileSection(demoDir);
  if (env.BENCH_RECOVERY !== '0') await recoverySection(demoDir);
  if (env.BENCH_S3 !== '0') await s3Section(demoDir);
  if (env.BENCH_STARTUP !== '0') startupSection();
}

main().catch((err) => {
  const msg = err instanceof Missing ? err.message : `${err.message ?? err}`;
  process.stderr.write(`bench: ${msg.split('\n')[0]}\n`);
  process.exit(1);
});
