// The recovery section of the bench: what a store lives through, timed step by step on a copy of
// the large demo (bench/.data/large is only read). The nightly backup is taken; the day's sales go
// on (register journals only: they are what survives the crash); then the database is damaged
// (random bytes written over its middle, as a failing disk does) and the three commands of the
// recovery run one after the other: `diagnose` (must say CRITICAL and point at the database),
// `restore --latest --yes`, `reconcile sales --apply` (must enter every receipt of the day).
// Each run damages a fresh copy, so each restore really swaps. In the same run, next to each
// restore: `restic restore` of the same closing database from a fresh restic repository, and
// `age -d | tar --zstd -x` of the store-ops backup, each into an empty folder.
// Writes bench/results/recovery-<date>.md.
//   node bench/run.js recovery     this section alone;  BENCH_RECOVERY=0 skips it in a full run
import { copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { measure, measureShell, mustSucceed, q } from './proc.js';
import { writeRunConfig } from './prereqs.js';
import { RUNS, s, mean, pass } from './figures.js';

// A busy day of a large supermarket: 16 registers, about one receipt a minute each for 12 hours.
const RECEIPTS = 12_000;
const DAMAGE_BYTES = 64 * 1024;
const AIM_MS = 15_000;
const TIMEOUT_MS = 15 * 60_000;

/** The day after the backup, as the registers journaled it: receipts the backup does not have. */
function writeDayJournals(database, dir) {
  const db = new Database(database, { readonly: true });
  const products = db.prepare("SELECT sku, price FROM products WHERE unit <> 'kg' LIMIT 4000").all();
  const last = db.prepare('SELECT max(at) FROM sales').pluck().get();
  db.close();
  const start = Date.parse(last) + 3_600_000;
  const files = new Map();
  for (let i = 0; i < RECEIPTS; i++) {
    const items = [0, 1, 2, 3].slice(0, 1 + (i % 4)).map((k) => ({ ...products[(i * 11 + k * 17) % products.length], qty: 1 + (k % 3) }));
    const total = Math.round(items.reduce((t, l) => t + l.qty * l.price, 0) * 100) / 100;
    const register = `POS-${String(41 + (i % 16))}`;
    const at = `${new Date(start + i * 3600 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
    const receipt = {
      register, receipt_no: `D${String(Math.floor(i / 16) + 1).padStart(6, '0')}`, at, cashier: `c${String(1 + (i % 9)).padStart(2, '0')}`, kind: 'sale',
      lines: items.map((l) => ({ sku: l.sku, qty: l.qty, unit_price: l.price })), payments: [{ method: i % 3 ? 'card' : 'cash', amount: total }], total,
    };
    if (!files.has(register)) files.set(register, []);
    files.get(register).push(JSON.stringify(receipt));
  }
  mkdirSync(dir, { recursive: true });
  for (const [register, lines] of files) writeFileSync(path.join(dir, `${register}.jsonl`), `${lines.join('\n')}\n`);
  return { receipts: RECEIPTS, files: files.size };
}

/** Random bytes over the middle of the file, in place (the file keeps its inode and size). */
function damage(file, seed) {
  const size = statSync(file).size;
  const bytes = Buffer.alloc(DAMAGE_BYTES);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  const fd = openSync(file, constants.O_WRONLY);
  try {
    writeSync(fd, bytes, 0, bytes.length, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
}

async function prepare(ctx, dir, log) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const live = path.join(dir, 'store.db');
  log('recovery: copying the large demo database');
  const source = new Database(ctx.database, { readonly: true });
  await source.backup(live);
  source.close();
  const config = writeRunConfig(ctx.demoDir, path.join(dir, 'store-ops.yaml'), {
    database: live, destination: path.join(dir, 'backups'), stateDir: path.join(dir, 'state'), files: [],
  });
  const journals = writeDayJournals(live, path.join(dir, 'journals'));
  const c = parse(readFileSync(config, 'utf8'));
  c.journals = [path.join(dir, 'journals', '*.jsonl')];
  c.manual_records = [];
  writeFileSync(config, stringify(c));
  log('recovery: the nightly backup');
  mustSucceed('backup run', await measure(process.execPath, [ctx.cli, '--json', '--config', config, 'backup', 'run'], { cwd: dir, timeoutMs: TIMEOUT_MS }));
  // The database as it was at closing: every run starts from it, then is damaged.
  const closing = path.join(dir, 'closing.db');
  copyFileSync(live, closing);
  const archive = path.join(dir, 'backups', readdirSync(path.join(dir, 'backups')).find((f) => f.endsWith('.age')));
  log('recovery: restic backup of the closing database into a fresh repository');
  const restic = { repo: path.join(dir, 'restic-repo'), env: { ...process.env, RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(dir, 'restic-cache'), RESTIC_PROGRESS_FPS: '0.2' } };
  mustSucceed('restic init', await measure('restic', ['-r', restic.repo, 'init'], { env: restic.env }));
  mustSucceed('restic backup', await measure('restic', ['-r', restic.repo, 'backup', '--quiet', '--host', 'bench', 'closing.db'], { env: restic.env, cwd: dir, timeoutMs: TIMEOUT_MS }));
  return { dir, live, closing, config, journals, archive, restic, identity: c.backup.identity };
}

/** The standard tools restoring the same bytes into an empty folder, for comparison. */
async function references(r, run) {
  const target = (name) => {
    const t = path.join(r.dir, `${name}-${run}`);
    rmSync(t, { recursive: true, force: true });
    mkdirSync(t);
    return t;
  };
  const rt = target('restic');
  const restic = mustSucceed('restic restore', await measure('restic', ['-r', r.restic.repo, 'restore', 'latest', '--target', rt], { env: r.restic.env, timeoutMs: TIMEOUT_MS }));
  const tt = target('tar');
  const tar = mustSucceed('age -d | tar --zstd -x', await measureShell(`age -d -i ${q(r.identity)} ${q(r.archive)} | tar --zstd -x -C ${q(tt)}`, { timeoutMs: TIMEOUT_MS }));
  for (const t of [rt, tt]) rmSync(t, { recursive: true, force: true });
  return { restic_ms: restic.wall_ms, tar_ms: tar.wall_ms };
}

async function step(ctx, r, args, expect) {
  const m = await measure(process.execPath, [ctx.cli, '--json', '--config', r.config, ...args], { cwd: r.dir, timeoutMs: TIMEOUT_MS });
  let json;
  try {
    json = JSON.parse(m.stdout);
  } catch {
    throw new Error(`store-ops ${args.join(' ')} printed no JSON (exit ${m.code}): ${m.stderr.trim().split('\n').pop()}`);
  }
  const wrong = expect(m.code, json);
  if (wrong) throw new Error(`store-ops ${args.join(' ')}: ${wrong}`);
  return { wall_ms: m.wall_ms, cpu_ms: m.cpu_ms, tree_mb: m.tree_mb, load: m.load_at_start, json };
}

async function oneRecovery(ctx, r, run) {
  for (const suffix of ['-wal', '-shm']) rmSync(r.live + suffix, { force: true });
  rmSync(path.join(r.dir, 'state', 'quarantine'), { recursive: true, force: true });
  copyFileSync(r.closing, r.live);
  damage(r.live, run);
  // The gigabyte just copied is flushed first, as the restore section does before each run: its
  // writeback would otherwise land on whichever step comes next.
  spawnSync('sync', [], { stdio: 'ignore' });
  const diagnose = await step(ctx, r, ['diagnose'], (code, j) => {
    const db = (j.probes ?? []).filter((p) => p.kind === 'database' && p.status === 'critical').map((p) => p.name);
    return code === 2 && db.length > 0 ? undefined : `expected CRITICAL with a database probe critical, got exit ${code}, status ${j.status}`;
  });
  const restore = await step(ctx, r, ['restore', '--latest', '--yes'], (code, j) => (code === 0 && j.ok && j.quarantine ? undefined : `exit ${code}: ${j.error?.message ?? 'no swap'}`));
  const reconcile = await step(ctx, r, ['reconcile', 'sales', '--apply'], (code, j) => (code === 0 && j.apply?.receipts === r.journals.receipts ? undefined : `exit ${code}: entered ${j.apply?.receipts} of ${r.journals.receipts}`));
  spawnSync('sync', [], { stdio: 'ignore' });
  const refs = await references(r, run);
  return { run, diagnose, restore, reconcile, ...refs, total_ms: diagnose.wall_ms + restore.wall_ms + reconcile.wall_ms };
}

function report(runs, r, header) {
  const L = [`# Recovery benchmark, ${header.date}`, ''];
  L.push(`Machine: ${header.machine}. store-ops: ${header.build}.`);
  L.push(`Store: a copy of the large demo (\`demo init --size large --seed 1\`), ${(statSync(r.closing).size / 1e9).toFixed(2)} GB, its nightly backup taken first; then ${r.journals.receipts} receipts of the next day in ${r.journals.files} register journals (not in the database: the crash takes them); then ${DAMAGE_BYTES / 1024} KiB of random bytes written over the middle of store.db. Each of ${RUNS} runs starts again from the closing database, damaged with another seed. Warm page cache.`, '');
  L.push('| run | `diagnose` s | `restore --latest --yes` s | `reconcile sales --apply` s | tool time s | peak RSS MB (largest step) | `restic restore latest` s | `age -d \\| tar --zstd -x` s | restore ÷ restic |', '|---|---|---|---|---|---|---|---|---|');
  for (const x of runs) {
    const rss = Math.max(x.diagnose.tree_mb, x.restore.tree_mb, x.reconcile.tree_mb);
    L.push(`| ${x.run} | ${s(x.diagnose.wall_ms)} | ${s(x.restore.wall_ms)} | ${s(x.reconcile.wall_ms)} | ${s(x.total_ms)} | ${rss.toFixed(0)} | ${s(x.restic_ms)} | ${s(x.tar_ms)} | ${(x.restore.wall_ms / x.restic_ms).toFixed(2)}× |`);
  }
  const avg = (f) => mean(runs.map(f));
  L.push(`| mean | ${s(avg((x) => x.diagnose.wall_ms))} | ${s(avg((x) => x.restore.wall_ms))} | ${s(avg((x) => x.reconcile.wall_ms))} | ${s(avg((x) => x.total_ms))} | | ${s(avg((x) => x.restic_ms))} | ${s(avg((x) => x.tar_ms))} | ${(avg((x) => x.restore.wall_ms) / avg((x) => x.restic_ms)).toFixed(2)}× |`, '');
  L.push('The references write the database into an empty folder and stop there; store-ops also checks the signature, every member\'s hash and the placed database\'s header and schema, keeps the damaged database in quarantine and fsyncs before its rename.', '');
  const first = runs[0];
  const dbProbe = first.diagnose.json.probes.find((p) => p.kind === 'database' && p.status === 'critical');
  L.push(`diagnose said ${first.diagnose.json.status.toUpperCase()} (${dbProbe.name}: ${dbProbe.message}); restore put back ${first.restore.json.backup} (database check: ${(first.restore.json.database_checks ?? []).map((d) => `${d.database} ${d.depth} ${d.result}`).join(', ')}); reconcile entered ${first.reconcile.json.apply.receipts} receipts (${first.reconcile.json.apply.movements} stock movements).`, '');
  L.push('## Aim', '', '| aim | measured | result |', '|---|---|---|');
  const total = avg((x) => x.total_ms);
  const diagnoseMs = avg((x) => x.diagnose.wall_ms);
  const restoreRatio = avg((x) => x.restore.wall_ms) / avg((x) => x.restic_ms);
  const applyMs = avg((x) => x.reconcile.wall_ms);
  L.push(`| diagnose of the damaged 1 GB database under 2 s, verdict CRITICAL | ${s(diagnoseMs)} s | ${pass(diagnoseMs < 2_000)} |`);
  L.push(`| restore ≤ 1.5× \`restic restore\` of the same bytes in the same run | ${restoreRatio.toFixed(2)}× | ${pass(restoreRatio <= 1.5)} |`);
  L.push(`| reconcile sales --apply after the restore under 3 s (${r.journals.receipts} receipts, plan included) | ${s(applyMs)} s | ${pass(applyMs < 3_000)} |`);
  L.push(`| crash → diagnose → restore → reconcile --apply in under ${s(AIM_MS)} s of tool time | ${s(total)} s (mean of ${runs.length}) | ${pass(total <= AIM_MS)} |`, '');
  return L.join('\n');
}

export async function runRecoverySection({ ctx, dataDir, resultsDir, log, date, machine, build }) {
  const r = await prepare(ctx, path.join(dataDir, 'recovery'), log);
  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    log(`recovery: run ${run}/${RUNS}`);
    const x = await oneRecovery(ctx, r, run);
    log(`  diagnose ${s(x.diagnose.wall_ms)} s, restore ${s(x.restore.wall_ms)} s, reconcile ${s(x.reconcile.wall_ms)} s: ${s(x.total_ms)} s`);
    runs.push(x);
  }
  const md = report(runs, r, { date, machine, build });
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `recovery-${date}.md`);
  writeFileSync(file, md);
  process.stdout.write(md);
  log(`written to ${path.relative(path.dirname(resultsDir), file)}`);
  if (process.env.BENCH_KEEP !== '1') rmSync(r.dir, { recursive: true, force: true });
}
