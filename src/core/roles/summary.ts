// Who is what, for config check: each role's groups with their members and the users named one
// by one. A group or user the system does not know is a config error here (a role nobody can
// hold by mistake), and so is a roles: section without a manager (refused by the schema).
import type { StoreConfig } from '../config/load.js';
import { DEFAULT_ROLE_GROUPS } from '../config/roles-schema.js';
import { configError } from '../errors.js';
import type { Translator } from '../i18n.js';
import { rolesInForce } from './authorize.js';
import { findAccount, findGroups } from './os-accounts.js';
import { ROLES } from './table.js';

export interface RolesSummary {
  enforced: boolean;
  configured: boolean;
  roles: Record<string, { groups: Array<{ name: string; members: string[] }>; users: string[] }>;
}

export function rolesSummary(config: StoreConfig, t: Translator): { data: RolesSummary; text: string[] } {
  const force = rolesInForce(config.roles);
  const file = config.configFile;
  const roles: RolesSummary['roles'] = {};
  for (const role of ROLES) {
    const m = force.roles[role];
    const found = findGroups(m.groups, true);
    if (force.configured) {
      const unknown = m.groups.find((g) => !found.some((f) => f.name === g));
      if (unknown) throw configError('configCheck.roles.unknownGroup', { role, group: unknown }, { key: 'hint.rolesUnknown', params: { file } });
      const stranger = m.users.find((u) => !findAccount(u));
      if (stranger) throw configError('configCheck.roles.unknownUser', { role, user: stranger }, { key: 'hint.rolesUnknown', params: { file } });
    }
    roles[role] = { groups: found.map((g) => ({ name: g.name, members: g.members })), users: m.users };
  }
  const data = { enforced: force.enforced, configured: force.configured, roles };
  if (!force.enforced) return { data, text: [t('configCheck.roles.off', { groups: Object.values(DEFAULT_ROLE_GROUPS).join(', ') })] };
  const holders = (role: (typeof ROLES)[number]) => [
    ...roles[role]!.groups.map((g) => (g.members.length ? t('configCheck.roles.members', { group: g.name, members: g.members.join(', ') }) : t('configCheck.roles.noMembers', { group: g.name }))),
    ...(roles[role]!.users.length ? [t('roles.holders.users', { users: roles[role]!.users.join(', ') })] : []),
    ...(role === 'manager' ? [t('roles.holders.root')] : []),
  ].join(t('roles.holders.join'));
  return {
    data,
    text: [
      t('configCheck.roles.header'),
      ...(force.configured ? [] : [t('configCheck.roles.defaults')]),
      ...ROLES.map((role) => t('configCheck.roles.line', { role: t(`roles.name.${role}`), holders: holders(role) })),
    ],
  };
}
