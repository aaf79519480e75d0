// store-ops backup prune: applies backup.retention to every destination. Plan first (what stays
// and why, what goes, what is left for a person), show it, stop there with --dry-run, otherwise
// remove under the store lock (so a prune never races a backup run, a restore or another prune) and record
// every deleted file in the audit row, even when a removal fails half-way.
import { catalog, type CatalogEntry, type DestinationCatalog } from '../backup/catalog.js';
import { acquireStoreLock } from '../backup/lock.js';
import { applyPrune, filesOf, planPrune, reasonLabel, type KeepReason, type PrunePlan, type Retention } from '../backup/prune.js';
import { backupSection, destinationsOf } from '../backup/destinations.js';
import type { Context } from '../core/context.js';
import { StoreOpsError, describeCause, usageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { translate } from '../core/i18n.js';
import { reasonText, storeClock } from '../ui/backup-entry.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import type { CommandResult } from './types.js';

interface PruneOptions {
  dryRun?: boolean;
  destination?: string;
}

interface DestinationOutcome {
  catalog: DestinationCatalog;
  plan: PrunePlan | undefined;
  otherStores: number;
  removed: string[];
  /** A removal error keeps its key so it is shown in the user's language; JSON and the audit get English. */
  error: StoreOpsError | string | undefined;
}

const english = (e: StoreOpsError | string) => (typeof e === 'string' ? e : e.message);

const REASON_KEY = {
  daily: 'prune.reasonDaily', weekly: 'prune.reasonWeekly', monthly: 'prune.reasonMonthly',
  verified: 'prune.reasonVerified', only: 'prune.reasonOnly',
} as const;

export async function run(_args: string[], options: PruneOptions, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const backup = backupSection(config);
  const names = backup.destinations.map((d) => d.name);
  if (options.destination !== undefined && !names.includes(options.destination)) {
    throw usageError('prune.unknownDestination', { name: options.destination, known: names.join(', ') }, { key: 'hint.pruneDestination' });
  }
  const dryRun = options.dryRun === true;
  const deleted: string[] = [];
  if (!dryRun) {
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { removed: deleted };
  }
  const lock = dryRun ? undefined : acquireStoreLock(config.state_dir, 'backup-prune');
  const warnings = lockTakenOverWarning(ctx, lock?.takenOver);
  const outcomes: DestinationOutcome[] = [];
  try {
    const wanted = (await catalog(config)).filter((c) => options.destination === undefined || c.name === options.destination);
    for (const cat of wanted) {
      const outcome: DestinationOutcome = { catalog: cat, plan: undefined, otherStores: 0, removed: [], error: cat.error };
      outcomes.push(outcome);
      if (cat.error !== undefined) continue;
      // A shared folder (a NAS, HQ's bucket) may hold other stores' backups: their retention is theirs.
      const own = cat.entries.filter((e) => e.store === config.store.id);
      outcome.otherStores = cat.entries.length - own.length;
      outcome.plan = planPrune(own, backup.retention, config.store.timezone);
      if (dryRun || outcome.plan.remove.length === 0) continue;
      const destination = destinationsOf(config).find((d) => d.name === cat.name)!;
      try {
        await applyPrune(destination, outcome.plan, (file) => {
          outcome.removed.push(file);
          deleted.push(`${cat.name}/${file}`);
        });
      } catch (err) {
        outcome.error = err instanceof StoreOpsError ? err : describeCause(err);
      }
    }
  } finally {
    lock?.release();
  }

  for (const o of outcomes) {
    if (o.error !== undefined) {
      const problem = typeof o.error === 'string' ? o.error : ctx.t(o.error.key, o.error.params);
      warnings.push(ctx.t('prune.destinationFailed', { name: o.catalog.name, problem }));
    }
    if (o.plan && o.plan.leftAlone.length > 0) warnings.push(ctx.t('prune.leftAloneWarning', { count: o.plan.leftAlone.length, name: o.catalog.name }));
  }
  const failed = outcomes.some((o) => o.error !== undefined);
  if (!dryRun) ctx.audit.details = { removed: deleted, ...(failed ? { errors: outcomes.flatMap((o) => (o.error ? [`${o.catalog.name}: ${english(o.error)}`] : [])) } : {}) };
  return {
    data: toJson(outcomes, dryRun, !failed, backup.retention, config.store.timezone),
    text: render(ctx, outcomes, dryRun, config.store.timezone),
    warnings,
    exitCode: failed ? EXIT.failed : EXIT.ok,
  };
}

function render(ctx: Context, outcomes: readonly DestinationOutcome[], dryRun: boolean, timezone: string): string[] {
  const when = (e: CatalogEntry) => storeClock(e.created.getTime(), timezone);
  const reason = (r: KeepReason) => ctx.t(REASON_KEY[r.rule], 'period' in r ? { period: r.period } : {});
  const lines: string[] = [];
  for (const o of outcomes) {
    // A destination that could not be listed has no plan; its warning says why.
    if (!o.plan) continue;
    const { keep, remove, leftAlone } = o.plan;
    lines.push(ctx.t('prune.header', { name: o.catalog.name, location: o.catalog.location, keep: keep.length, remove: remove.length, left: leftAlone.length }));
    for (const k of keep) lines.push(ctx.t('prune.keep', { base: k.entry.base, time: when(k.entry), reasons: k.reasons.map(reason).join(ctx.t('prune.reasonJoin')) }));
    for (const e of remove) {
      const gone = !dryRun && filesOf(e).every((f) => o.removed.includes(f));
      lines.push(ctx.t(dryRun ? 'prune.wouldRemove' : gone ? 'prune.removed' : 'prune.notRemoved', { base: e.base, time: when(e) }));
    }
    for (const e of leftAlone) {
      const problems = [
        ...e.problems,
        ...(e.verified.level === 'failed' ? [ctx.t('prune.verifyFailed', { at: e.verified.at ? storeClock(Date.parse(e.verified.at), timezone) : '?' })] : []),
        ...e.distrust.map((r) => reasonText(ctx, r, timezone)),
      ];
      lines.push(ctx.t('prune.leftAlone', { base: e.base, time: when(e), problems: problems.join('; ') }));
    }
    if (o.otherStores > 0) lines.push(ctx.t('prune.otherStores', { count: o.otherStores }));
  }
  const backups = outcomes.reduce((n, o) => n + (o.plan?.remove.length ?? 0), 0);
  const files = outcomes.reduce((n, o) => n + o.removed.length, 0);
  if (backups === 0) lines.push(ctx.t('prune.nothing'));
  else if (dryRun) lines.push(ctx.t('prune.dryRunDone', { count: backups }));
  else lines.push(ctx.t('prune.done', { files }));
  return lines;
}

function toJson(outcomes: readonly DestinationOutcome[], dryRun: boolean, ok: boolean, retention: Retention, timezone: string) {
  const brief = (e: CatalogEntry) => ({ id: e.id, base: e.base, created: e.created.toISOString() });
  return {
    ok,
    dry_run: dryRun,
    timezone,
    retention,
    destinations: outcomes.map((o) => ({
      name: o.catalog.name,
      location: o.catalog.location,
      error: o.error === undefined ? null : english(o.error),
      other_stores: o.otherStores,
      keep: (o.plan?.keep ?? []).map((k) => ({ ...brief(k.entry), verified: k.entry.verified.level, reasons: k.reasons.map(reasonLabel) })),
      remove: (o.plan?.remove ?? []).map((e) => ({ ...brief(e), files: filesOf(e) })),
      left_alone: (o.plan?.leftAlone ?? []).map((e) => ({
        ...brief(e), verified: e.verified.level, problems: e.problems,
        signature: e.signature.state, future: e.future, distrust: e.distrust.map((r) => translate('en', r.key, r.params)),
      })),
      removed: o.removed,
    })),
  };
}
