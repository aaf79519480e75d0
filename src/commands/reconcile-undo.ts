// store-ops reconcile undo [ID]: reverses a reconcile --apply from its change record, keeping the
// sales the store made since; the newest apply not yet undone unless an id is given.
import type { Context } from '../core/context.js';
import { undoApply, type UndoOutcome } from '../reconcile/undo.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import type { CommandResult } from './types.js';

const LIMIT = 20;

function undoText(ctx: Context, r: UndoOutcome): string[] {
  const t = ctx.t;
  const facts = { id: r.id, command: r.command, database: r.database, dir: r.quarantine };
  if (r.outcome === 'never_committed') return [t('reconcile.undoNeverCommitted', facts)];
  const lines = [t('reconcile.undone', facts), ...r.tables.filter((x) => x.removed + x.reversed + x.reinserted > 0).map((x) => t('reconcile.undoneTable', { ...x }))];
  if (r.left.length === 0) return [...lines, t('reconcile.undoneNothingLeft', facts)];
  lines.push(t('reconcile.undoLeftHeader', { count: r.left.length, dir: r.quarantine }));
  for (const l of r.left.slice(0, LIMIT)) {
    lines.push(l.column === undefined ? t(`reconcile.undoLeft.${l.reason}`, { table: l.table, rowid: l.rowid }) : t('reconcile.undoLeft.changedColumn', { table: l.table, rowid: l.rowid, column: l.column }));
  }
  if (r.left.length > LIMIT) lines.push(t('reconcile.undoMore', { count: r.left.length - LIMIT }));
  return lines;
}

export async function run(args: string[], _o: Record<string, never>, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  ctx.audit.stateDir = config.state_dir;
  ctx.audit.details = { id: args[0] ?? null };
  const r = undoApply(config, args[0]);
  ctx.audit.details = { id: r.id, outcome: r.outcome, database: r.database, quarantine: r.quarantine, tables: r.tables, left: r.left.length };
  return { data: { ok: true, ...r }, text: ctx.json ? [] : undoText(ctx, r), warnings: lockTakenOverWarning(ctx, r.lock_taken_over) };
}
