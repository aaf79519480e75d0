// Runs before `npm test`: the tests start real programs (the age and minisign CLIs for interop,
// sqlite3 to inspect databases, zstd as the default codec, script for a pseudo-terminal, openssl
// for certificates, promtool to lint the metrics store-ops writes, sudo to try the sudoers line
// setup-permissions prints). Missing ones are installed from Debian's packages when we are root
// (or when passwordless sudo answers); otherwise this stops at once with the one command that
// installs them, instead of letting tests fail later.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const TOOLS = [
  { command: 'age', pkg: 'age' },
  { command: 'minisign', pkg: 'minisign' },
  { command: 'sqlite3', pkg: 'sqlite3' },
  { command: 'zstd', pkg: 'zstd' },
  { command: 'script', pkg: 'bsdutils' },
  { command: 'openssl', pkg: 'openssl' },
  { command: 'promtool', pkg: 'prometheus' },
  { command: 'sudo', pkg: 'sudo' },
];

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

const missing = () => TOOLS.filter((t) => !onPath(t.command));
const packages = (tools) => [...new Set(tools.map((t) => t.pkg))];

const lacking = missing();
if (lacking.length === 0) process.exit(0);

const names = lacking.map((t) => t.command).join(', ');
const install = `apt-get install -y ${packages(lacking).join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// Without root, passwordless sudo (a CI runner, a developer's machine) is used when it answers at once.
const sudo = !isRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if ((!isRoot && !sudo) || !onPath('apt-get')) {
  const how = onPath('apt-get') ? `sudo apt-get update && sudo ${install}` : `install the packages that provide them (on Debian or Ubuntu: ${install})`;
  console.error(`npm test: the tests need ${names}, which this machine lacks.\n→ run: ${how}`);
  process.exit(1);
}

console.error(`npm test: installing ${packages(lacking).join(' ')} (the tests start ${names})`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages(lacking)]]) {
  const r = sudo
    ? spawnSync('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { stdio: ['ignore', 'inherit', 'inherit'] })
    : spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) {
    console.error(`npm test: apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}).\n→ run it by hand: ${sudo ? 'sudo ' : ''}${install}`);
    process.exit(1);
  }
}
const still = missing();
if (still.length > 0) {
  console.error(`npm test: still missing after apt-get: ${still.map((t) => t.command).join(', ')}.\n→ run: ${install}`);
  process.exit(1);
}
