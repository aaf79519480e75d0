// Who is running store-ops: the real user id the kernel gave the process, never a flag. As root,
// the person behind sudo (SUDO_USER, else SUDO_UID) is the one whose role counts, so a sudoers
// line that lets an operator run the nightly backup does not make them a manager. Those variables
// are read only when the process really is root: anyone can set them in their own shell.
import { usageError } from '../errors.js';
import { findAccount } from './os-accounts.js';

export interface Who {
  /** The account name of the person, as the system knows it. */
  user: string;
  uid: number;
  /** Run through sudo by `user`. */
  sudo: boolean;
}

export function whoRuns(env: NodeJS.ProcessEnv, realUid: number): Who {
  if (realUid !== 0) {
    const account = findAccount(realUid);
    return { user: account?.name ?? `uid-${realUid}`, uid: realUid, sudo: false };
  }
  const named = env.SUDO_USER?.trim();
  const numbered = env.SUDO_UID?.trim();
  if (named) {
    const account = findAccount(named);
    if (!account) throw usageError('roles.sudoUserUnknown', { user: named }, { key: 'hint.sudoUnknown' });
    return { user: account.name, uid: account.uid, sudo: true };
  }
  if (numbered) {
    const account = /^\d+$/.test(numbered) ? findAccount(Number(numbered)) : undefined;
    if (!account) throw usageError('roles.sudoUserUnknown', { user: numbered }, { key: 'hint.sudoUnknown' });
    return { user: account.name, uid: account.uid, sudo: true };
  }
  // sudo ran us but its record of who asked was removed (env -u, a sudoers env_delete).
  if (env.SUDO_COMMAND) throw usageError('roles.sudoWithoutUser', {}, { key: 'hint.sudoUnknown' });
  return { user: findAccount(0)?.name ?? 'root', uid: 0, sudo: false };
}
