// store-ops reconcile undo [ID]: reverses a reconcile --apply from its change record, keeping the
// sales the store made since; the newest apply not yet undone unless an id is given.
import type { Context } from '../core/context.js';
import { undoApply } from '../reconcile/undo.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { undoText } from '../ui/reconcile-undo-text.js';
import type { CommandResult } from './types.js';

export async function run(args: string[], _o: Record<string, never>, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  ctx.audit.stateDir = config.state_dir;
  ctx.audit.details = { id: args[0] ?? null };
  const r = undoApply(config, args[0]);
  ctx.audit.details = { id: r.id, outcome: r.outcome, database: r.database, quarantine: r.quarantine, tables: r.tables, left: r.left.length };
  return { data: { ok: true, ...r }, text: ctx.json ? [] : undoText(ctx, r), warnings: lockTakenOverWarning(ctx, r.lock_taken_over) };
}
