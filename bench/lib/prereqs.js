// What the bench needs before it measures anything: the Debian tools it compares against, the
// built CLI, and the large demo store (built once under bench/.data/large, then reused).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

/** A prerequisite is missing: run.js prints the message as one line and exits 1. */
export class Missing extends Error {}

const PACKAGES = { restic: 'restic', age: 'age', sqlite3: 'sqlite3', zstd: 'zstd' };

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, opts = {}) {
  return spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

/** Installs the Debian packages whose commands are missing (as root, or through sudo without a password). */
export function ensurePackages(log) {
  const missing = Object.entries(PACKAGES).filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  let prefix = [];
  if (process.getuid?.() !== 0) {
    if (run('sudo', ['-n', 'true']).status !== 0) {
      throw new Missing(`missing ${missing.join(', ')} and cannot install them (not root, no password-less sudo): run apt-get install ${missing.join(' ')}`);
    }
    prefix = ['sudo', '-n'];
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const apt = (args) => {
    const [cmd, ...rest] = [...prefix, 'apt-get', ...args];
    return run(cmd, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  let r = apt(['install', '-y', '-qq', ...missing]);
  if (r.status !== 0) {
    apt(['update', '-qq']);
    r = apt(['install', '-y', '-qq', ...missing]);
  }
  const still = Object.entries(PACKAGES).filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
  if (still.length) {
    const why = r.error?.message ?? (r.stderr || r.stdout || '').trim().split('\n').pop();
    throw new Missing(`could not install ${still.join(', ')} with apt-get${why ? `: ${why}` : ''}`);
  }
}

export function toolVersions() {
  const first = (cmd, args) => (run(cmd, args).stdout || '').trim().split('\n')[0];
  return {
    node: process.version,
    restic: first('restic', ['version']).replace(/ compiled.*/, ''),
    age: first('age', ['--version']),
    sqlite3: first('sqlite3', ['--version']).split(' ')[0],
    zstd: first('zstd', ['--version']).replace(/^\*+ /, '').replace(/ \*+$/, ''),
    tar: first('tar', ['--version']),
    gzip: first('gzip', ['--version']),
  };
}

/** The built CLI and the runtime dependencies the bench borrows from node_modules. */
export function ensureBuilt(root) {
  if (!existsSync(path.join(root, 'dist', 'main.js'))) throw new Missing('dist/main.js is missing: run npm run build (npm run bench does it)');
  if (!existsSync(path.join(root, 'node_modules', 'better-sqlite3'))) throw new Missing('node_modules/better-sqlite3 is missing: run npm ci');
}

/**
 * The large demo store in bench/.data/large: reused when complete, otherwise (re)built with the
 * CLI (about 4 minutes). Only a folder the bench itself made is ever removed.
 */
export function ensureLargeDemo(root, dataDir, log) {
  const dir = path.join(dataDir, 'large');
  const complete = ['store.db', 'store-ops.yaml', 'keys/recipient.txt', 'keys/identity.txt', 'keys/signing.key'].every((f) => existsSync(path.join(dir, f)));
  if (complete) {
    log(`reusing the large demo store in ${path.relative(root, dir)}`);
    return dir;
  }
  if (existsSync(dir)) {
    log(`removing the incomplete demo in ${path.relative(root, dir)}`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  log('building the large demo store (about 4 minutes; reused by later runs)');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'store-ops.js'), '--json', 'demo', 'init', dir, '--size', 'large', '--seed', '1', '--now', '2026-11-21T20:00:00+08:00'], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  });
  if (r.status !== 0) throw new Missing(`store-ops demo init ${dir} failed (exit ${r.status})`);
  return dir;
}

/**
 * A copy of the demo's config for one measured run: every path absolute, the database and the
 * destination/state folders where the run wants them, optionally a forced codec, and optionally
 * other `files` (absolute paths; the restore bench points them at its own copy, since a restore
 * writes them back).
 */
export function writeRunConfig(demoDir, file, { database, destination, stateDir, compression, files }) {
  const config = parse(readFileSync(path.join(demoDir, 'store-ops.yaml'), 'utf8'));
  const abs = (p) => (path.isAbsolute(p) ? p : path.join(demoDir, p));
  config.databases = config.databases.map((d) => ({ ...d, path: d.name === 'main' && database ? database : abs(d.path) }));
  config.files = files ?? (config.files ?? []).map(abs); // path.join keeps a trailing '/'
  config.logs = (config.logs ?? []).map((l) => ({ ...l, path: abs(l.path) }));
  config.journals = (config.journals ?? []).map(abs);
  config.manual_records = (config.manual_records ?? []).map(abs);
  config.backup.identity = abs(config.backup.identity);
  config.backup.signing_key = abs(config.backup.signing_key);
  config.backup.destinations = [{ name: 'local', type: 'dir', path: destination }];
  delete config.backup.metrics_file;
  if (compression) config.backup.compression = compression;
  config.state_dir = stateDir;
  mkdirSync(destination, { recursive: true });
  writeFileSync(file, stringify(config));
  return file;
}
