// The one table of who may run what. A command needs a base role; a flag can raise it (--apply,
// --install, --undo) or, for a plan that changes nothing, lower it (--dry-run). README's "Who may do
// what" is this table in words; change both together.
export const ROLES = ['viewer', 'operator', 'manager'] as const;
export type Role = (typeof ROLES)[number];
/** `anyone`: the command touches no store (it writes a new config or a demo store), so no role is asked. */
export type Need = Role | 'anyone';

interface Rule {
  role: Need;
  /** Flags that make the command need more, in the order they are looked at. */
  raise?: Array<[flag: string, role: Role]>;
  /** A plan that changes nothing needs only this. */
  dryRun?: Role;
}

export const ROLE_TABLE: Record<string, Rule> = {
  'init': { role: 'anyone' },
  'demo init': { role: 'anyone' },
  'config check': { role: 'viewer' },
  'status': { role: 'viewer' },
  'diagnose': { role: 'viewer' },
  'fleet status': { role: 'viewer' },
  'audit': { role: 'viewer' },
  'backup list': { role: 'viewer' },
  'backup schedule': { role: 'viewer', raise: [['install', 'manager']] },
  'runbook list': { role: 'viewer' },
  'runbook show': { role: 'viewer' },
  'runbook status': { role: 'viewer' },
  'runbook report': { role: 'viewer' },
  'backup run': { role: 'operator' },
  'backup verify': { role: 'operator' },
  'runbook start': { role: 'operator' },
  'runbook resume': { role: 'operator' },
  'reconcile sales': { role: 'operator', raise: [['apply', 'manager']] },
  'reconcile stock': { role: 'operator', raise: [['apply', 'manager']] },
  'reconcile undo': { role: 'manager' },
  'backup prune': { role: 'manager', dryRun: 'operator' },
  'restore': { role: 'manager', raise: [['undo', 'manager']], dryRun: 'operator' },
  'keys generate': { role: 'manager' },
  'setup-permissions': { role: 'manager' },
};

export const rank = (role: Role | 'none'): number => (role === 'none' ? -1 : ROLES.indexOf(role));

export interface Needed {
  role: Need;
  /** The command as the refusal names it, with the flag that decided: "reconcile sales --apply". */
  what: string;
}

/** What running `command` with these options needs. A command missing from the table needs a manager. */
export function neededFor(command: string, options: Record<string, unknown>): Needed {
  const rule = ROLE_TABLE[command] ?? { role: 'manager' };
  const raised = rule.raise?.find(([flag]) => options[flag] === true || (Array.isArray(options[flag]) && options[flag].length > 0));
  if (raised) return { role: raised[1], what: `${command} --${raised[0]}` };
  if (rule.dryRun && options.dryRun === true) return { role: rule.dryRun, what: `${command} --dry-run` };
  return { role: rule.role, what: command };
}
