// The cost of starting a short command: store-ops as built (one bundle, a chunk per command)
// against the same sources compiled module by module (tsc, as dist/ was built until 2026-12-04),
// a bare `node -e 0` (the floor no Node program goes under) and restic listing its snapshots,
// the standard tool's counterpart of `backup list`. Every command runs BENCH_STARTUP_RUNS times
// (default 15), alternated; CPU (user + system, from the shell's `times`) and wall time are the
// medians. Cron, runbook steps and the tests start hundreds of these, so CPU is what adds up.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { Missing } from './prereqs.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quote = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** Seconds from one `times` line ("0m0.310s 0m0.120s"): user + system of the shell's children. */
function childSeconds(line) {
  const [user, sys] = line.trim().split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  });
  return user + sys;
}

function measureOnce(argv, opts) {
  const started = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', `${argv.map(quote).join(' ')} >/dev/null 2>&1; echo "exit $?"; times`], { cwd: opts.cwd, env: opts.env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const lines = r.stdout.trim().split('\n');
  const exit = Number(/^exit (\d+)$/.exec(lines[0] ?? '')?.[1]);
  if (exit !== 0) throw new Missing(`startup bench: ${argv.join(' ')} exited ${exit} in ${opts.cwd}`);
  return { wallMs, cpuMs: childSeconds(lines[2] ?? '') * 1000 };
}

function run(cmd, args, opts, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Missing(`startup bench: ${what} failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n')[0]}`);
  return r;
}

/** The same sources compiled file by file, installed beside the bundle's node_modules. */
function moduleByModule(root, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json'), '--noEmit', 'false', '--outDir', path.join(dir, 'dist')], { cwd: root }, 'tsc');
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  copyFileSync(path.join(root, 'bin', 'store-ops.js'), path.join(dir, 'bin', 'store-ops.js'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return path.join(dir, 'bin', 'store-ops.js');
}

export function runStartupSection({ root, dataDir, log }) {
  const runs = Math.max(3, Number(process.env.BENCH_STARTUP_RUNS ?? 15) || 15);
  const dir = path.join(dataDir, 'startup');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundled = path.join(root, 'bin', 'store-ops.js');
  log('startup: the demo store, one backup, and the sources compiled module by module');
  run(process.execPath, [bundled, 'demo', 'init', 'shop'], { cwd: dir }, 'demo init');
  const shop = path.join(dir, 'shop');
  const config = path.join(shop, 'store-ops.yaml');
  run(process.execPath, [bundled, '--config', config, 'backup', 'run'], { cwd: dir }, 'backup run');
  const unbundled = moduleByModule(root, path.join(dir, 'tsc'));

  const env = { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8', RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: path.join(dir, 'restic-cache') };
  const repo = path.join(dir, 'restic');
  const hasRestic = spawnSync('restic', ['version']).status === 0;
  if (hasRestic) {
    run('restic', ['-r', repo, 'init'], { env }, 'restic init');
    run('restic', ['-r', repo, 'backup', '--quiet', 'store.db'], { env, cwd: shop }, 'restic backup');
  }

  const commands = [
    ['--version', ['--version']],
    ['status', ['--config', config, 'status']],
    ['backup list', ['--config', config, 'backup', 'list']],
    ['config check', ['--config', config, 'config', 'check']],
  ];
  const rows = [];
  const sample = (label, argv) => {
    const got = { label, cpu: [], wall: [] };
    rows.push(got);
    return () => {
      const m = measureOnce(argv, { cwd: dir, env });
      got.cpu.push(m.cpuMs);
      got.wall.push(m.wallMs);
    };
  };
  const plan = [
    sample('node -e 0', [process.execPath, '-e', '0']),
    ...(hasRestic ? [sample('restic snapshots', ['restic', '-r', repo, 'snapshots'])] : []),
    ...commands.flatMap(([name, args]) => [
      sample(`store-ops ${name} (bundle)`, [process.execPath, bundled, ...args]),
      sample(`store-ops ${name} (module per file)`, [process.execPath, unbundled, ...args]),
    ]),
  ];
  for (let i = 0; i < runs; i++) for (const step of plan) step();
  const byLabel = new Map(rows.map((r) => [r.label, { cpu: median(r.cpu), wall: median(r.wall) }]));
  return { runs, hasRestic, byLabel, commands: commands.map(([name]) => name) };
}

export function startupMarkdown(result, header) {
  const { byLabel, runs, commands } = result;
  const ms = (x) => `${x.toFixed(0)} ms`;
  const node = byLabel.get('node -e 0');
  const restic = byLabel.get('restic snapshots');
  const lines = [
    `# Starting a command (${header.date})`,
    '',
    `Machine: ${header.machine}. Build: ${header.build}. Medians of ${runs} alternated runs; CPU is user + system of the command's process tree.`,
    '',
    '| command | CPU bundle | CPU module per file | bundle / module per file | wall bundle | wall module per file |',
    '|---|---|---|---|---|---|',
  ];
  for (const name of commands) {
    const b = byLabel.get(`store-ops ${name} (bundle)`);
    const m = byLabel.get(`store-ops ${name} (module per file)`);
    lines.push(`| ${name} | ${ms(b.cpu)} | ${ms(m.cpu)} | ${(b.cpu / m.cpu).toFixed(2)} | ${ms(b.wall)} | ${ms(m.wall)} |`);
  }
  lines.push('', `References in the same run: \`node -e 0\` ${ms(node.cpu)} CPU, ${ms(node.wall)} wall`
    + (restic ? `; \`restic snapshots\` ${ms(restic.cpu)} CPU, ${ms(restic.wall)} wall.` : '; restic not installed.'));
  const list = byLabel.get('store-ops backup list (bundle)');
  if (restic) lines.push('', `\`backup list\` against \`restic snapshots\`: ${(list.wall / restic.wall).toFixed(2)}× the wall time, ${(list.cpu / restic.cpu).toFixed(2)}× the CPU.`);
  return `${lines.join('\n')}\n`;
}
