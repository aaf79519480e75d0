// store-ops restore [ID | --latest | --before TIME] and restore --undo.
import path from 'node:path';
import { catalog } from '../backup/catalog.js';
import { destinationsOf } from '../backup/destinations.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { pasteable } from '../core/pasteable.js';
import type { MessageKey } from '../core/i18n.js';
import { EXIT } from '../core/exit-codes.js';
import { translate } from '../core/i18n.js';
import { candidates, parseStoreTime, type Choice } from '../restore/choose.js';
import { restore, type RestorePlan, type RestoreResult } from '../restore/restore.js';
import { formatMode } from '../restore/ownership.js';
import type { NotRestoredReason } from '../restore/targets.js';
import { undoRestore, type UndoCandidate } from '../restore/undo.js';
import { backupAge, reasonText, storeClock, verifiedLabel } from '../ui/backup-entry.js';
import { formatBytes } from '../ui/format.js';
import { identityFor } from '../ui/identity.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { onStoreClock } from '../ui/store-clock-error.js';
import { liveCheckLine, integrityResult } from '../ui/live-check-text.js';
import { withProgress, type Report } from '../ui/progress.js';
import { chooseOne, confirmText } from '../ui/prompts.js';
import type { CommandResult } from './types.js';

interface Options {
  latest?: boolean;
  before?: string;
  only?: string;
  db?: string;
  target?: string;
  dryRun?: boolean;
  force?: boolean;
  identity?: string;
  undo?: boolean;
  allowUnsigned?: boolean;
  paranoid?: boolean;
}

async function pickInteractively(ctx: Context, allowUnsigned: boolean): Promise<Choice> {
  const all = candidates(await catalog(ctx.config()), ctx.config().store.id, false, allowUnsigned);
  if (all.length === 0) throw usageError('restore.noBackups', { destinations: destinationsOf(ctx.config()).map((d) => d.location).join(', ') });
  const now = Date.now();
  const tz = ctx.config().store.timezone;
  const id = await chooseOne(ctx.t('restore.pick'), all.map((e) => ({
    value: e.id,
    name: ctx.t('restore.pickRow', {
      id: e.id, created: storeClock(e.created.getTime(), tz), age: backupAge(ctx, e, now), size: formatBytes(e.archive?.size ?? 0), verified: verifiedLabel(ctx, e, tz),
    }),
  })), { lang: ctx.lang });
  return { id };
}

async function chooseBackup(args: string[], o: Options, ctx: Context): Promise<Choice> {
  const given = [args[0] !== undefined, Boolean(o.latest), o.before !== undefined].filter(Boolean).length;
  if (given > 1) throw usageError('restore.conflictingChoice', {}, { key: 'hint.restoreWhich' });
  if (args[0] !== undefined) return { id: args[0] };
  if (o.latest) return { latest: true };
  if (o.before !== undefined) {
    const before = parseStoreTime(o.before, ctx.config().store.timezone);
    if (!before) throw usageError('restore.badBefore', { value: o.before });
    return { before };
  }
  if (!ctx.interactive) throw usageError('restore.which', {}, { key: 'hint.restoreWhich' });
  return pickInteractively(ctx, Boolean(o.allowUnsigned));
}

const REASONS: Record<NotRestoredReason, MessageKey> = {
  'no-such-database': 'restoreSafety.reason.no-such-database',
  'unchecked-database': 'restoreSafety.reason.unchecked-database',
  'outside-files': 'restoreSafety.reason.outside-files',
  'unknown-member': 'restoreSafety.reason.unknown-member',
  'database-file': 'restoreSafety.reason.database-file',
  'state-folder': 'restoreSafety.reason.state-folder',
  destination: 'restoreSafety.reason.destination',
  journal: 'restoreSafety.reason.journal',
  'manual-record': 'restoreSafety.reason.manual-record',
};

/** The store's own clock for people; the JSON keeps the ISO time. */
const taken = (iso: string, tz: string) => storeClock(Date.parse(iso), tz);


function planLines(ctx: Context, p: RestorePlan, tz: string): string[] {
  const refused = p.not_restored.map((n) => ctx.t('restoreSafety.notRestored', { member: n.member, reason: ctx.t(REASONS[n.reason], { live: n.live ?? '' }) }));
  return [
    ...p.passed_over.map((s) => ctx.t('trust.passedOver', { backup: s.backup, reason: reasonText(ctx, s.reason, tz) })),
    ...p.skipped.map((s) => ctx.t('restore.skipped', { backup: s.backup, destination: s.destination, failure: s.failure })),
    ctx.t('restore.planHeader', { backup: p.backup, created: taken(p.created, tz), destination: p.destination }),
    ...p.targets.map((t) => ctx.t(t.replaces ? 'restoreSafety.planReplace' : 'restoreSafety.planNew', { live: t.live, owner: `${t.owner.uid}:${t.owner.gid}`, mode: formatMode(t.owner.mode) })),
    ...p.database_checks.map((c) => ctx.t(c.depth === 'full' ? 'restore.checkedFull' : 'restore.checkedRecorded', { database: c.database, result: integrityResult(ctx.t, c.result) })),
    ...(refused.length > 0 ? [ctx.t('restoreSafety.notRestoredHeader'), ...refused] : []),
  ];
}

function resultLines(ctx: Context, r: RestoreResult, targetDir: string | undefined, tz: string): string[] {
  const lines = planLines(ctx, r, tz);
  const created = taken(r.created, tz);
  if (r.dry_run) return [...lines, ctx.t('restore.dryRun')];
  if (r.cancelled) return [...lines, ctx.t('restore.cancelled')];
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return [
    ...lines,
    targetDir ? ctx.t('restore.doneTarget', { backup: r.backup, created, dir: targetDir }) : ctx.t('restore.done', { backup: r.backup, created, quarantine: r.quarantine ?? '' }),
    ...r.live_checks.map((c) => liveCheckLine(ctx.t, c)),
    ctx.t('restore.timings', { extract: s(r.timings.extract_ms), check: s(r.timings.check_ms), swap: s(r.timings.swap_ms), live: s(r.timings.live_check_ms) }),
    ...(targetDir ? [] : [ctx.t('restore.next', { created, reconcile: pasteable(ctx.configFlag, ['reconcile', 'sales']), undo: pasteable(ctx.configFlag, ['restore', '--undo']) })]),
  ];
}

async function runUndo(ctx: Context, o: Options, id: string | undefined): Promise<CommandResult> {
  const config = ctx.config();
  if (!ctx.yes && !ctx.interactive) throw usageError('restore.needsYes', {}, { key: 'hint.yes' });
  const tz = config.store.timezone;
  // The person sees which restore is reverted (its backup, when and by whom) before anything moves.
  const confirm = async (r: UndoCandidate) => ctx.yes || confirmText(ctx.t('restore.undoConfirm', {
    undone: r.id, backup: r.backup, at: storeClock(Date.parse(r.created), tz), by: r.operator, files: r.files.join(', '),
  }), { lang: ctx.lang });
  ctx.audit.stateDir = config.state_dir;
  const r = await undoRestore(config, ctx.operator, Boolean(o.force), { id, confirm });
  if (!r) return { data: { ok: true, cancelled: true }, text: [ctx.t('restore.undoCancelled')] };
  ctx.audit.details = { undone: r.undone, backup: r.backup, quarantine: r.quarantine, put_back: r.put_back };
  return {
    data: { ok: true, ...r },
    text: [ctx.t('restore.undone', { undone: r.undone, backup: r.backup, quarantine: r.quarantine, at: storeClock(Date.parse(r.restored_at), tz) }), ...r.live_checks.map((c) => liveCheckLine(ctx.t, c))],
    warnings: lockTakenOverWarning(ctx, r.lock_taken_over),
  };
}

export async function run(args: string[], o: Options, ctx: Context): Promise<CommandResult> {
  if (o.undo) return runUndo(ctx, o, args[0]);
  try {
    return await runRestore(args, o, ctx);
  } catch (err) {
    throw onStoreClock(err, ctx.config().store.timezone);
  }
}

async function runRestore(args: string[], o: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  if (o.only !== undefined && o.only !== 'db' && o.only !== 'files') throw usageError('restore.badOnly', { value: o.only });
  if (o.db !== undefined && !config.databases.some((d) => d.name === o.db)) {
    throw usageError('restore.unknownDb', { name: o.db, names: config.databases.map((d) => d.name).join(', ') });
  }
  const targetDir = o.target ? path.resolve(ctx.io.cwd, o.target) : undefined;
  const mustConfirm = !o.dryRun && !targetDir;
  if (mustConfirm && !ctx.yes && !ctx.interactive) throw usageError('restore.needsYes', {}, { key: 'hint.yes' });
  const choice = await chooseBackup(args, o, ctx);
  const identity = await identityFor(ctx, o.identity);
  if (!o.dryRun) ctx.audit.stateDir = config.state_dir;
  // The question is never asked under a spinner: the progress display ends when the plan is
  // ready, the person answers on a clean screen, and the swap gets a progress display of its own.
  let report: Report = () => undefined;
  let planned: (plan: RestorePlan) => void = () => undefined;
  const planReady = new Promise<RestorePlan>((resolve) => (planned = resolve));
  let answer: (yes: boolean) => void = () => undefined;
  const answered = new Promise<boolean>((resolve) => (answer = resolve));
  const asks = mustConfirm && !ctx.yes;
  const running = restore({
    config, choice, identity, operator: ctx.operator, targetDir, dryRun: Boolean(o.dryRun), force: Boolean(o.force), allowUnsigned: Boolean(o.allowUnsigned), paranoid: Boolean(o.paranoid),
    only: o.only as 'db' | 'files' | undefined, db: o.db,
    onStep: (step, backup) => report(ctx.t(step === 'verify' ? 'restore.stepVerify' : step === 'swap' ? 'restore.stepSwap' : 'restore.stepCheck', { backup }), 0, 0),
    confirm: async (plan) => {
      if (!asks) return true;
      planned(plan);
      return answered;
    },
  });
  const title = ctx.t('restore.progressTitle', { store: config.store.id });
  const first = await withProgress(ctx, title, async (r) => {
    report = r;
    return Promise.race([planReady.then((plan) => ({ plan })), running.then(() => undefined)]);
  });
  if (first?.plan) {
    let yes = false;
    try {
      yes = await confirmText(`${planLines(ctx, first.plan, config.store.timezone).join('\n')}\n${ctx.t('restore.confirm')}`, { lang: ctx.lang });
    } finally {
      answer(yes);
    }
  }
  const result = first?.plan && !(await answered)
    ? await running
    : await withProgress(ctx, title, async (r) => {
      report = r;
      return running;
    });
  ctx.audit.details = {
    backup: result.backup, created: result.created, dry_run: Boolean(o.dryRun), quarantine: result.quarantine, target: targetDir ?? null,
    allow_unsigned: Boolean(o.allowUnsigned), signature: result.signature, passed_over: result.passed_over.map((p) => p.backup),
    restored: result.targets.map((t) => t.live), not_restored: result.not_restored, cancelled: result.cancelled, live_checks: result.live_checks,
  };
  const ok = result.live_checks.every((c) => c.ok);
  return {
    data: { ok, ...result, restore_id: result.quarantine ? path.basename(result.quarantine) : null, passed_over: result.passed_over.map((p) => ({ backup: p.backup, reason: translate('en', p.reason.key, p.reason.params) })) },
    text: resultLines(ctx, result, targetDir, config.store.timezone),
    warnings: [
      ...lockTakenOverWarning(ctx, result.lock_taken_over),
      ...(result.forced_while_in_use.length > 0 ? [ctx.t('restore.forced', { who: result.forced_while_in_use.map((u) => `${u.command}[${u.pid}]`).join(', ') })] : []),
    ],
    exitCode: ok ? EXIT.ok : EXIT.failed,
  };
}
