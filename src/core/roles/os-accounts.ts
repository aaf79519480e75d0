// Users and groups as the operating system knows them, through getent and id, so that accounts
// from LDAP or SSSD count the same as those in /etc/passwd and /etc/group. Nothing here trusts
// the environment: a name comes from a uid the kernel gave us, or is checked to exist.
import { spawnSync } from 'node:child_process';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function getent(database: 'passwd' | 'group', keys: string[]): string[] {
  const r = spawnSync('getent', [database, ...keys], { encoding: 'utf8' });
  // 2: one of the keys was not found; the others are still printed.
  if (r.error || (r.status !== 0 && r.status !== 2)) return [];
  return r.stdout.split('\n').filter(Boolean);
}

const accountOf = (line: string): Account => {
  const [name, , uid, gid] = line.split(':');
  return { name: name!, uid: Number(uid), gid: Number(gid) };
};

/** The account with this name or numeric uid, or undefined when the system has none. */
export function findAccount(key: string | number): Account | undefined {
  const line = getent('passwd', [String(key)])[0];
  return line ? accountOf(line) : undefined;
}

/**
 * The groups that exist among `names`, with their listed members; with `primary`, also the users
 * whose primary group it is (that reads every account, which a directory service may make slow).
 */
export function findGroups(names: readonly string[], primary = false): GroupEntry[] {
  if (names.length === 0) return [];
  const groups = getent('group', [...names]).map((line) => {
    const [name, , gid, members] = line.split(':');
    return { name: name!, gid: Number(gid), members: members ? members.split(',').filter(Boolean) : [] };
  });
  if (groups.length === 0 || !primary) return groups;
  const byGid = new Map(groups.map((g) => [g.gid, g]));
  for (const account of getent('passwd', []).map(accountOf)) {
    const g = byGid.get(account.gid);
    if (g && !g.members.includes(account.name)) g.members.push(account.name);
  }
  return groups;
}

/** Names of every group the user is in, primary and supplementary, as the group database says now. */
export function groupsOf(user: string): string[] {
  const r = spawnSync('id', ['-Gn', '--', user], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return [];
  return r.stdout.trim().split(/\s+/).filter(Boolean);
}
