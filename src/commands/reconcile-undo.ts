// store-ops reconcile undo [ID]: reverses a reconcile --apply from its change record, keeping the
// sales the store made since; the newest apply not yet undone unless an id is given.
import type { Context } from '../core/context.js';
import type { StoreConfig } from '../core/config/load.js';
import { undoApply, type UndoOutcome } from '../reconcile/undo.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { undoText } from '../ui/reconcile-undo-text.js';
import { onStoreClock } from '../ui/store-clock-error.js';
import type { CommandResult } from './types.js';

export async function run(args: string[], _o: Record<string, never>, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  ctx.audit.stateDir = config.state_dir;
  ctx.audit.details = { id: args[0] ?? null };
  const r = undoOnStoreClock(config, args[0]);
  ctx.audit.details = { id: r.id, outcome: r.outcome, database: r.database, quarantine: r.quarantine, tables: r.tables, left: r.left.length };
  return { data: { ok: true, ...r }, text: ctx.json ? [] : undoText(ctx, r), warnings: lockTakenOverWarning(ctx, r.lock_taken_over) };
}

function undoOnStoreClock(config: StoreConfig, id: string | undefined): UndoOutcome {
  try {
    return undoApply(config, id);
  } catch (err) {
    throw onStoreClock(err, config.store.timezone);
  }
}
