// Whether the person running a command holds the role it needs (table.ts). Roles are enforced
// when the config has a roles: section, or, without one, as soon as any default group exists on
// this machine (setup-permissions --create-groups makes them): a store that never set roles up
// keeps working as before, cron included, and one that did cannot lose them by an old config.
// Root without sudo is a manager everywhere.
import { DEFAULT_ROLES, DEFAULT_ROLE_GROUPS, type RolesConfig } from '../config/roles-schema.js';
import { usageError } from '../errors.js';
import type { MessageKey, Translator } from '../i18n.js';
import { findGroups, groupsOf } from './os-accounts.js';
import { ROLES, rank, type Needed, type Role } from './table.js';
import type { Who } from './who.js';

/** `unrestricted`: roles are not set up on this machine, so nobody is held back. */
export type HeldRole = Role | 'none' | 'unrestricted';

export interface RolesInForce {
  roles: RolesConfig;
  enforced: boolean;
  /** From the config's roles: section, rather than the defaults. */
  configured: boolean;
}

export function rolesInForce(configured: RolesConfig | undefined): RolesInForce {
  if (configured) return { roles: configured, enforced: true, configured: true };
  const present = findGroups(Object.values(DEFAULT_ROLE_GROUPS));
  return { roles: DEFAULT_ROLES, enforced: present.length > 0, configured: false };
}

/** The highest role the user holds, by name or by any group they are in. */
export function roleOf(who: Who, force: RolesInForce): HeldRole {
  if (who.uid === 0) return 'manager';
  if (!force.enforced) return 'unrestricted';
  const groups = new Set(groupsOf(who.user));
  for (const role of [...ROLES].reverse()) {
    const m = force.roles[role];
    if (m.users.includes(who.user) || m.groups.some((g) => groups.has(g))) return role;
  }
  return 'none';
}

export const roleName = (t: Translator, role: HeldRole): string => t(`roles.name.${role}` as MessageKey);

/** "members of store-ops-manager, the users li.na, and root": who could run it instead. */
export function holdersText(t: Translator, force: RolesInForce, role: Role): string {
  const at = ROLES.indexOf(role);
  const above = ROLES.filter((_, i) => i >= at).map((r) => force.roles[r]);
  const groups = [...new Set(above.flatMap((m) => m.groups))];
  const users = [...new Set(above.flatMap((m) => m.users))];
  const parts = [
    ...(groups.length ? [t('roles.holders.groups', { groups: groups.join(', ') })] : []),
    ...(users.length ? [t('roles.holders.users', { users: users.join(', ') })] : []),
    t('roles.holders.root'),
  ];
  return parts.join(t('roles.holders.join'));
}

/** Throws the refusal when `held` is below what the command needs. */
export function authorize(t: Translator, needed: Needed, who: Who, held: HeldRole, force: RolesInForce): void {
  if (needed.role === 'anyone' || held === 'unrestricted' || rank(held) >= rank(needed.role)) return;
  const group = force.roles[needed.role].groups[0];
  throw usageError('roles.refused', {
    what: needed.what, needed: roleName(t, needed.role), user: who.user, role: roleName(t, held), holders: holdersText(t, force, needed.role),
  }, group ? { key: 'hint.rolesRefused', params: { group, user: who.user } } : { key: 'hint.rolesRefusedUsers', params: { role: needed.role, user: who.user } });
}
