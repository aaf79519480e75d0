// The roles: section: which operating-system groups (and, one by one, which users) are viewers,
// operators and managers. Absent, the default groups apply once they exist (src/core/roles/).
import * as z from 'zod';

export const DEFAULT_ROLE_GROUPS = { viewer: 'store-ops-viewer', operator: 'store-ops-operator', manager: 'store-ops-manager' } as const;

const accountName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/, 'a user or group name: letters, digits, ".", "_" and "-"');

const members = (group: string) =>
  z.strictObject({
    groups: z.array(accountName).default([group]),
    users: z.array(accountName).default([]),
  }).default({ groups: [group], users: [] });

export const rolesSchema = z
  .strictObject({
    viewer: members(DEFAULT_ROLE_GROUPS.viewer),
    operator: members(DEFAULT_ROLE_GROUPS.operator),
    manager: members(DEFAULT_ROLE_GROUPS.manager),
  })
  .refine((r) => r.manager.groups.length + r.manager.users.length > 0, {
    path: ['manager'],
    message: 'nobody but root would be a manager: name a group or a user',
  });

export type RolesConfig = z.output<typeof rolesSchema>;

export const DEFAULT_ROLES: RolesConfig = {
  viewer: { groups: [DEFAULT_ROLE_GROUPS.viewer], users: [] },
  operator: { groups: [DEFAULT_ROLE_GROUPS.operator], users: [] },
  manager: { groups: [DEFAULT_ROLE_GROUPS.manager], users: [] },
};
