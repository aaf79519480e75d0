// The check every command passes before its module is even loaded: who is running it (who.ts),
// which role that person holds, and whether the command with these flags needs more. It reads
// the config and the group database and nothing else: no lock is taken and no database opened
// before a refusal. The audit row (written by the runner) gets the user and the role either way.
import { isFleetOnlyConfig, type StoreConfig } from '../config/load.js';
import type { Context } from '../context.js';
import { authorize, roleOf, rolesInForce } from './authorize.js';
import { neededFor } from './table.js';
import { whoRuns } from './who.js';

/** The store config if one loads; a command that cannot load it fails on that itself, touching nothing. */
function storeConfig(ctx: Context): StoreConfig | undefined {
  try {
    const loaded = ctx.anyConfig();
    return isFleetOnlyConfig(loaded) ? undefined : loaded;
  } catch {
    return undefined;
  }
}

export function gate(ctx: Context, command: string, options: Record<string, unknown>, realUid: number): void {
  const needed = neededFor(command, options);
  const who = whoRuns(ctx.io.env, realUid);
  ctx.audit.user = who.user;
  ctx.audit.sudo = who.sudo;
  const config = needed.role === 'anyone' ? undefined : storeConfig(ctx);
  const force = rolesInForce(config?.roles);
  const held = roleOf(who, force);
  ctx.audit.role = held;
  try {
    authorize(ctx.t, needed, who, held, force);
  } catch (refusal) {
    // A refusal is recorded where the store keeps its audit log, whatever the command.
    if (config) ctx.audit.stateDir = config.state_dir;
    throw refusal;
  }
}
