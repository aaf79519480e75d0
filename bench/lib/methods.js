// The backup methods compared side by side, each run in its own child processes from a fresh
// folder under bench/.data/out. Every function returns one record:
//   { method, run, wall_ms, tree_mb, largest_mb, largest_name, output_bytes, steps: {...}, details }
// where wall_ms is what the method is judged by and steps holds the timed parts.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { measure, measureShell, mustSucceed, q } from './proc.js';
import { writeRunConfig } from './prereqs.js';

const TIMEOUT_MS = 15 * 60_000;

function duBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return total;
}

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Memory, CPU and machine load over steps that ran one after the other. */
function peak(...steps) {
  const top = steps.reduce((a, b) => (b.tree_mb > a.tree_mb ? b : a));
  const big = steps.reduce((a, b) => (b.largest_mb > a.largest_mb ? b : a));
  return {
    tree_mb: top.tree_mb, largest_mb: big.largest_mb, largest_name: big.largest_name,
    cpu_ms: steps.reduce((a, b) => a + b.cpu_ms, 0), load: steps[0].load_at_start,
  };
}

/** `store-ops --json backup run` with the demo's config (paths made absolute, output in dir). */
export async function storeOps(ctx, { codec, run, database, dir: given }) {
  const dir = fresh(given ?? path.join(ctx.outDir, `store-ops-${codec}-${run}`));
  const config = writeRunConfig(ctx.demoDir, path.join(dir, 'store-ops.yaml'), {
    database, destination: path.join(dir, 'backups'), stateDir: path.join(dir, 'state'), compression: codec === 'gzip' ? 'gzip' : undefined,
  });
  const r = await measure(process.execPath, [ctx.cli, '--json', '--config', config, 'backup', 'run'], { cwd: ctx.root, timeoutMs: TIMEOUT_MS });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  if (r.code !== 0 || !json?.ok) {
    const why = json?.error?.message ?? json?.warnings?.join('; ') ?? r.stderr.trim().split('\n').pop();
    throw new Error(`store-ops backup run (${codec}) failed (exit ${r.code ?? r.signal}): ${why}`);
  }
  if (json.codec !== codec) throw new Error(`store-ops backup run used ${json.codec}, expected ${codec}`);
  return {
    method: `store-ops-${codec}`, run, wall_ms: r.wall_ms, ...peak(r), output_bytes: json.size, children: r.children.join(' + '),
    steps: { process: r.wall_ms, duration: json.duration_ms, snapshot: json.snapshot_ms },
    details: { event_loop_max_delay_ms: json.event_loop_max_delay_ms, archive: json.archive_paths?.[0], started_at: r.started_at, ended_at: r.ended_at, json },
    dir,
  };
}

/** `sqlite3 SRC ".backup snap.db"`: the snapshot every shell method starts with. */
async function sqliteSnapshot(ctx, dir) {
  const snap = path.join(dir, 'snap.db');
  const r = mustSucceed('sqlite3 .backup', await measure('sqlite3', [ctx.database, `.backup ${q(snap)}`], { timeoutMs: TIMEOUT_MS }));
  return { r, snap };
}

/** sqlite3 .backup, then `restic backup` of the snapshot into a fresh repository (init not timed). */
export async function restic(ctx, { run }) {
  const dir = fresh(path.join(ctx.outDir, `restic-${run}`));
  const { r: snapR } = await sqliteSnapshot(ctx, dir);
  const repo = path.join(dir, 'repo');
  const env = { ...process.env, RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(dir, 'cache'), RESTIC_PROGRESS_FPS: '0.2' };
  mustSucceed('restic init', await measure('restic', ['-r', repo, 'init'], { env }));
  // Relative path inside dir, as one would back up a snapshot folder.
  const b = mustSucceed('restic backup', await measure('restic', ['-r', repo, 'backup', '--quiet', '--host', 'bench', 'snap.db'], { env, cwd: dir, timeoutMs: TIMEOUT_MS }));
  const repoBytes = duBytes(repo);
  rmSync(path.join(dir, 'snap.db'), { force: true });
  return [
    { method: 'restic', run, wall_ms: b.wall_ms, ...peak(b), output_bytes: repoBytes, steps: { backup: b.wall_ms }, details: {}, dir },
    {
      method: 'sqlite3+restic', run, wall_ms: snapR.wall_ms + b.wall_ms, ...peak(snapR, b), output_bytes: repoBytes,
      steps: { snapshot: snapR.wall_ms, backup: b.wall_ms }, details: {}, dir,
    },
  ];
}

/** sqlite3 .backup, then `tar … | age -r R > out` with gzip (czf) or zstd (-I zstd). */
export async function tarAge(ctx, { codec, run }) {
  const dir = fresh(path.join(ctx.outDir, `tar-${codec}-${run}`));
  const { r: snapR } = await sqliteSnapshot(ctx, dir);
  const out = path.join(dir, `out.tar.${codec === 'gzip' ? 'gz' : 'zst'}.age`);
  const tar = codec === 'gzip' ? `tar -C ${q(dir)} -czf - snap.db` : `tar -C ${q(dir)} -I zstd -cf - snap.db`;
  const p = mustSucceed(`${tar} | age`, await measureShell(`${tar} | age -r ${q(ctx.recipient)} > ${q(out)}`, { timeoutMs: TIMEOUT_MS }));
  const size = statSync(out).size;
  rmSync(path.join(dir, 'snap.db'), { force: true });
  return {
    method: `sqlite3+tar-${codec}+age`, run, wall_ms: snapR.wall_ms + p.wall_ms, ...peak(snapR, p), output_bytes: size,
    steps: { snapshot: snapR.wall_ms, pipeline: p.wall_ms }, details: {}, dir,
  };
}
