// Real users and groups for the roles tests, made with groupadd/useradd and removed afterwards,
// and the real CLI run as one of them with setpriv (real and effective ids, and the user's groups
// from the group database, as a login would give them). Only root can do any of this.
import { execFileSync, spawn } from 'node:child_process';
import { BIN, type CliResult } from '../../helpers/cli.js';

export const isRoot = process.getuid?.() === 0;

export interface TestAccounts {
  groups: { viewer: string; operator: string; manager: string };
  users: { viewer: string; operator: string; manager: string; nobody: string };
  remove(): void;
}

/** Unique names (the pid and a tag), so parallel runs and leftovers of a killed run never clash. */
export function makeAccounts(tag: string): TestAccounts {
  const id = `${tag}${process.pid}`;
  const groups = { viewer: `sv-${id}`, operator: `so-${id}`, manager: `sm-${id}` };
  const users = { viewer: `uv${id}`, operator: `uo${id}`, manager: `um${id}`, nobody: `un${id}` };
  for (const g of Object.values(groups)) execFileSync('groupadd', [g]);
  // Groups are cumulative, as setup-permissions asks: everyone in the viewer group, and so on up.
  const add = (user: string, primary: string, extra: string[]) =>
    execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', '-g', primary, ...(extra.length ? ['-G', extra.join(',')] : []), user]);
  add(users.viewer, groups.viewer, []);
  add(users.operator, groups.viewer, [groups.operator]);
  add(users.manager, groups.viewer, [groups.operator, groups.manager]);
  add(users.nobody, 'nogroup', []);
  return {
    groups,
    users,
    remove() {
      for (const u of Object.values(users)) execFileSync('userdel', [u], { stdio: 'ignore' });
      for (const g of Object.values(groups)) execFileSync('groupdel', [g], { stdio: 'ignore' });
    },
  };
}

/** store-ops run as `user`, in `cwd`, with a clean environment like tests/helpers/cli.ts gives. */
export function runAs(user: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  const base = { PATH: process.env.PATH ?? '', HOME: cwd, LANG: 'C.UTF-8', TZ: 'UTC', ...env };
  const argv = ['--reuid', user, '--regid', groupOf(user), '--init-groups', process.execPath, BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', argv, { cwd, env: base, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
}

function groupOf(user: string): string {
  return execFileSync('id', ['-gn', user], { encoding: 'utf8' }).trim();
}
