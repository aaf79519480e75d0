// The warning a command shows when it took over the store lock of a run that died, naming that
// run's operation in the user's language.
import { operationKey, type LockOwner } from '../backup/lock.js';
import type { Context } from '../core/context.js';

export function lockTakenOverWarning(ctx: Pick<Context, 't'>, owner: LockOwner | null | undefined): string[] {
  if (!owner) return [];
  const key = operationKey(owner.operation);
  return [ctx.t('lock.takenOver', { operation: key ? ctx.t(key) : owner.operation, pid: owner.pid, since: owner.started_at })];
}
