// What an --apply kept so it can be undone, for people: the change record's rows per table and
// the undo command, ready to paste (with the --config the command was given), or why a safety
// copy of the whole database was made instead.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { pasteable } from '../core/pasteable.js';
import type { GuardFacts } from '../reconcile/apply-guard.js';

/** The undo command for the apply whose record is in `quarantine`, or null when none can undo it. */
export function undoCommand(ctx: Context, quarantine: string | null, changes: GuardFacts | null): string | null {
  if (!quarantine || changes?.kind !== 'change_record') return null;
  return pasteable(ctx.configFlag, ['reconcile', 'undo', path.basename(quarantine)]);
}

export function recordLines(ctx: Context, changes: GuardFacts | null, undo: string | null): string[] {
  if (!changes) return [];
  if (changes.kind === 'safety_copy' && changes.fallback) {
    const reason = ctx.t(`reconcile.fallback.${changes.fallback.code}`, { subject: changes.fallback.subject });
    return [ctx.t('reconcile.recordFallback', { reason })];
  }
  const tables = changes.tables
    .filter((x) => x.inserted + x.updated + x.deleted > 0)
    .map((x) => ctx.t('reconcile.recordTable', { table: x.table, inserted: x.inserted, updated: x.updated, deleted: x.deleted }));
  return [ctx.t('reconcile.recordHeader', { tables: tables.join(ctx.t('reconcile.recordJoin')) }), ...(undo ? [ctx.t('reconcile.recordUndo', { command: undo })] : [])];
}
