// reconcile undo, rendered for people: what was taken back per table, and each row left as the
// store has it now (at most LIMIT lines; --json has them all).
import type { Context } from '../core/context.js';
import type { UndoOutcome } from '../reconcile/undo.js';

const LIMIT = 20;

export function undoText(ctx: Context, r: UndoOutcome): string[] {
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
