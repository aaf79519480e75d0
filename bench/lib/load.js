// store-ops backup run while the store keeps selling: a copy of the large store (so the demo in
// bench/.data/large is never changed), a writer process committing 20 sales a second into it,
// the backup in between, then the produced backup checked with the standard tools only:
// age -d with the demo identity, tar -x, PRAGMA integrity_check, and the sales count against
// the manifest's row_counts.sales.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storeOps } from './methods.js';
import { q } from './proc.js';

const WRITER = fileURLToPath(new URL('./writer.js', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startWriter(db, resultFile, rate) {
  const child = spawn(process.execPath, [WRITER, db, resultFile, String(rate)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d) => d.includes('ready') && resolve());
    exited.then(({ code }) => reject(new Error(`the writer exited before its first commit (exit ${code}): ${stderr.trim().split('\n').pop()}`)));
  });
  return { child, ready, exited, stderr: () => stderr };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function sh(script) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script.slice(0, 80)}… failed: ${(r.stderr || '').trim().split('\n').pop()}`);
  return r.stdout.trim();
}

/** Decrypts and unpacks a backup by hand and checks its database; returns what it found. */
export function verifyBackup(archive, identity, dir) {
  const into = path.join(dir, 'verify');
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  const codecFlag = archive.endsWith('.tar.zst.age') ? '--zstd' : '-z';
  const t0 = Date.now();
  sh(`age -d -i ${q(identity)} ${q(archive)} | tar ${codecFlag} -x -C ${q(into)}`);
  const extractMs = Date.now() - t0;
  const manifest = JSON.parse(readFileSync(path.join(into, 'manifest.json'), 'utf8'));
  const facts = manifest.databases.find((d) => d.name === 'main') ?? manifest.databases[0];
  const db = path.join(into, facts.member);
  const t1 = Date.now();
  const integrity = sh(`sqlite3 ${q(db)} 'PRAGMA integrity_check'`);
  const integrityMs = Date.now() - t1;
  const sales = Number(sh(`sqlite3 ${q(db)} 'SELECT count(*) FROM sales'`));
  const benchSales = Number(sh(`sqlite3 ${q(db)} "SELECT count(*) FROM sales WHERE register = 'BENCH-01'"`));
  const ok = integrity === 'ok' && sales === facts.row_counts.sales;
  return { ok, integrity, sales, manifest_sales: facts.row_counts.sales, bench_sales: benchSales, extract_ms: extractMs, integrity_ms: integrityMs, codec_flag: codecFlag };
}

/** The under-load run; rate in sales per second. */
export async function underLoad(ctx, { codec = 'zstd', rate = 20, baselineMs = 10_000, cooldownMs = 1000 } = {}) {
  const dir = path.join(ctx.outDir, 'load');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'store.db');
  for (const suffix of ['', '-wal']) if (existsSync(ctx.database + suffix)) copyFileSync(ctx.database + suffix, db + suffix);
  const resultFile = path.join(dir, 'writer.json');
  const writer = startWriter(db, resultFile, rate);
  let backup;
  try {
    await writer.ready;
    // The writer alone first: its commit latency without a backup, on this machine, right now.
    await sleep(baselineMs);
    backup = await storeOps(ctx, { codec, run: 'load', database: db, dir: path.join(dir, 'store-ops') });
    await sleep(cooldownMs);
  } finally {
    writer.child.kill('SIGTERM');
    await writer.exited;
  }
  if (!existsSync(resultFile)) throw new Error(`the writer left no result: ${writer.stderr().trim().split('\n').pop()}`);
  const w = JSON.parse(readFileSync(resultFile, 'utf8'));
  const from = backup.details.started_at;
  const to = backup.details.ended_at;
  // Commits that overlapped the backup process's lifetime.
  const during = w.commits.filter(([start, lat]) => start < to && start + lat > from);
  const lat = during.map((c) => c[1]).sort((a, b) => a - b);
  const lags = during.map((c) => c[2]);
  const before = w.commits.filter(([start, latency]) => start + latency <= from);
  const baseLat = before.slice(1).map((c) => c[1]).sort((a, b) => a - b); // the first commit warms the cache
  const slowest = [...during].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([start, latency]) => ({ at_s: (start - from) / 1000, ms: latency }));
  const verify = verifyBackup(backup.details.archive, ctx.identity, dir);
  if (!ctx.keep) {
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    rmSync(path.join(dir, 'verify'), { recursive: true, force: true });
    rmSync(path.join(dir, 'store-ops', 'backups'), { recursive: true, force: true });
  }
  return {
    backup,
    writer: {
      rate, synchronous: w.synchronous, commits_total: w.commits.length, commits_during: during.length, errors: w.errors,
      max_ms: lat.length ? lat[lat.length - 1] : NaN, p99_ms: percentile(lat, 99), p50_ms: percentile(lat, 50),
      over_50ms: lat.filter((x) => x > 50).length, max_lag_ms: lags.length ? Math.max(...lags) : NaN,
      achieved_rate: during.length / ((to - from) / 1000), committed_before_backup: before.length,
      baseline: { commits: baseLat.length, max_ms: baseLat.length ? baseLat[baseLat.length - 1] : NaN, p99_ms: percentile(baseLat, 99), p50_ms: percentile(baseLat, 50) },
      slowest,
    },
    verify,
  };
}
