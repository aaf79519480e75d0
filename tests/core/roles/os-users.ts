// Real users and groups for the roles tests, made with groupadd/useradd and removed afterwards,
// and the real CLI run as one of them with setpriv (real and effective ids, and the user's groups
// from the group database, as a login would give them). Only root can do any of this.
import { execFileSync } from 'node:child_process';
import { runCli, type CliResult } from '../../helpers/cli.js';

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

/** The config's roles: section for these groups; `manager` replaces the manager role's entry. */
export function rolesYaml(groups: TestAccounts['groups'], manager = `{ groups: [${groups.manager}] }`): string {
  return `\nroles:\n  viewer: { groups: [${groups.viewer}] }\n  operator: { groups: [${groups.operator}] }\n  manager: ${manager}\n`;
}

/** store-ops run as `user`, in `cwd`, with the clean environment tests/helpers/cli.ts gives. */
export function runAs(user: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { cwd, env, via: ['setpriv', '--reuid', user, '--regid', groupOf(user), '--init-groups'] });
}

function groupOf(user: string): string {
  return execFileSync('id', ['-gn', user], { encoding: 'utf8' }).trim();
}
