// store-ops setup-permissions: makes the files agree with the roles (src/core/roles/file-modes.ts
// has the table), creates the roles' groups when asked (--create-groups), and prints the sudoers
// lines for the nightly job. Run as root; run again at any time: what is already right is left
// alone and said so. --dry-run shows what would change.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Context } from '../core/context.js';
import { failure, usageError } from '../core/errors.js';
import { applyWanted, roleGroups, wantedModes, type Change } from '../core/roles/file-modes.js';
import { findGroups, groupsOf } from '../core/roles/os-accounts.js';
import { SUDOERS_FILE, sudoersLines } from '../core/roles/sudoers.js';
import type { CommandResult } from './types.js';

interface Options {
  createGroups?: boolean;
  dryRun?: boolean;
}

function createGroup(name: string): void {
  const r = spawnSync('groupadd', ['--system', name], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw failure('perm.groupaddFailed', { group: name, problem: (r.stderr || r.error?.message || '').trim() }, { key: 'hint.groupadd', params: { group: name } });
  }
}

/** Members of the operator or manager group who are not in the viewer group, which shares the state folder. */
function outsideViewerGroup(groups: ReturnType<typeof roleGroups>): Array<{ user: string; group: string }> {
  const entries = findGroups([groups.operator, groups.manager], true);
  const users = [...new Set(entries.flatMap((g) => g.members))];
  return users.filter((u) => !groupsOf(u).includes(groups.viewer)).map((user) => ({ user, group: groups.viewer }));
}

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const dryRun = options.dryRun === true;
  if (!dryRun && process.geteuid?.() !== 0) throw usageError('perm.notRoot', {}, { key: 'hint.permRoot' });
  const groups = roleGroups(config);
  const needed = [...new Set([groups.viewer, groups.operator, groups.manager])];
  const missing = needed.filter((g) => !findGroups([g]).length);
  if (missing.length && !options.createGroups && !dryRun) {
    throw usageError('perm.groupsMissing', { groups: missing.join(', ') }, { key: 'hint.permCreateGroups' });
  }
  if (!dryRun) {
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { groups_created: [] };
  }
  const created: string[] = [];
  for (const g of missing) {
    if (options.createGroups && !dryRun) createGroup(g);
    created.push(g);
    ctx.audit.details = { groups_created: created };
  }
  const gids = new Map(findGroups([...needed, 'root']).map((g) => [g.name, g.gid]));
  const names = new Map<number, string>([...gids].map(([n, id]) => [id, n]));
  const groupName = (gid: number) => names.get(gid) ?? findGroups([String(gid)])[0]?.name ?? String(gid);
  // In a dry run a group still to be created has no id yet; nothing is changed with it.
  const gidOf = (name: string) => gids.get(name) ?? -1;
  const changes: Change[] = wantedModes(config).flatMap((w) => applyWanted(w, gidOf, groupName, dryRun));
  const changed = changes.filter((c) => c.outcome === 'changed' || c.outcome === 'created');
  if (!dryRun) ctx.audit.details = { groups_created: created, changed: changed.map((c) => `${c.path} ${c.now}`) };
  const outside = outsideViewerGroup(groups);
  const sudoers = sudoersLines(groups.operator, config.configFile);
  const shown = (p: string) => path.relative(ctx.io.cwd, p) || p;
  const t = ctx.t;
  return {
    data: {
      dry_run: dryRun,
      groups: { ...groups, created: options.createGroups || dryRun ? created : [] },
      changes,
      databases_left_alone: config.databases.map((d) => d.path),
      not_in_viewer_group: outside,
      sudoers_file: SUDOERS_FILE,
      sudoers,
    },
    text: [
      t('perm.groups', { viewer: groups.viewer, operator: groups.operator, manager: groups.manager }),
      ...created.map((g) => t(dryRun ? 'perm.groupWouldCreate' : 'perm.groupCreated', { group: g })),
      ...changes.map((c) => t(`perm.outcome.${c.outcome}${dryRun && c.outcome !== 'unchanged' && c.outcome !== 'link' && c.outcome !== 'missing' ? 'Dry' : ''}` as 'perm.outcome.changed', {
        path: shown(c.path), now: c.now, was: c.was ?? '-', what: t(`perm.what.${c.what}`),
      })),
      t('perm.databasesLeft', { list: config.databases.map((d) => shown(d.path)).join(', ') }),
      ...outside.map((o) => t('perm.notInViewer', { user: o.user, group: o.group })),
      '',
      t('perm.sudoersHeader', { file: SUDOERS_FILE }),
      ...sudoers,
      '',
      t(dryRun ? 'perm.summaryDry' : 'perm.summary', { changed: changed.length, unchanged: changes.filter((c) => c.outcome === 'unchanged').length }),
    ],
  };
}
