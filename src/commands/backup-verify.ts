// store-ops backup verify [ID | --latest | --all] [--quick | --drill]: proves backups restore and
// records the result in the ledger, so list and status show it. Exit 1 if any check fails.
// --latest means the newest backup signed by a trusted key; one asked for by id whose signature
// does not hold fails on that, and is not recorded as verified either way.
import path from 'node:path';
import { catalog, findEntry, signatureAccepted, type CatalogEntry } from '../backup/catalog.js';
import { recordDatabaseCheck } from '../backup/check-ledger.js';
import { recordVerification, type VerifyLevel } from '../backup/ledger.js';
import { destinationsOf } from '../backup/destinations.js';
import { verifyBackup, type VerifyOutcome } from '../backup/verify.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { identityFor } from '../ui/identity.js';
import { hqStatusWarnings } from '../ui/hq-status-warnings.js';
import { publishStatus } from '../status/publish.js';
import type { CommandResult } from './types.js';

interface Options {
  latest?: boolean;
  all?: boolean;
  quick?: boolean;
  drill?: boolean;
  identity?: string;
  destination?: string;
  allowUnsigned?: boolean;
}

function choose(entries: CatalogEntry[], id: string | undefined, options: Options, where: string): CatalogEntry[] {
  const chosen = [id !== undefined, Boolean(options.latest), Boolean(options.all)].filter(Boolean).length;
  if (chosen === 0) throw usageError('verify.which', {}, { key: 'hint.verifyWhich' });
  if (chosen > 1) throw usageError('verify.conflictingChoice', {}, { key: 'hint.verifyWhich' });
  if (options.all) return entries;
  if (options.latest) {
    const newest = entries.filter((e) => e.archive && e.sidecar && signatureAccepted(e, Boolean(options.allowUnsigned))).sort((a, b) => b.created.getTime() - a.created.getTime())[0];
    if (!newest) throw usageError('verify.noBackups', { destinations: where }, { key: 'hint.backupList' });
    return entries.filter((e) => e.base === newest.base);
  }
  const found = entries.filter((e) => findEntry([e], id!));
  if (found.length === 0) throw usageError('verify.notFound', { id: id!, destinations: where }, { key: 'hint.backupList' });
  return found;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const level: VerifyLevel = options.quick ? 'quick' : options.drill ? 'drill' : 'deep';
  if (options.quick && options.drill) throw usageError('verify.conflictingChoice', {}, { key: 'hint.verifyWhich' });
  const catalogs = (await catalog(config)).filter((d) => !options.destination || d.name === options.destination);
  const where = catalogs.map((d) => d.location).join(', ');
  const targets = choose(catalogs.flatMap((d) => d.entries), args[0], options, where);
  const identity = level === 'quick' ? undefined : await identityFor(ctx, options.identity);
  ctx.audit.stateDir = config.state_dir;
  const destinations = new Map(destinationsOf(config).map((d) => [d.name, d]));
  const outcomes: VerifyOutcome[] = [];
  for (const e of targets) {
    const outcome = await verifyBackup(destinations.get(e.destination)!, e, level, identity, path.join(config.state_dir, 'tmp'), Boolean(options.allowUnsigned));
    outcomes.push(outcome);
    if (!outcome.examined) continue;
    recordVerification(config.state_dir, {
      backup: outcome.backup, destination: outcome.destination, level, ok: outcome.ok, at: new Date().toISOString(),
      duration_ms: outcome.duration_ms, details: { failure: outcome.failure ?? null, restore_ms: outcome.restore_ms ?? null, checks: outcome.checks.length },
    });
    for (const c of outcome.full_checks) {
      recordDatabaseCheck(config.state_dir, {
        database: c.database, path: c.source_path, kind: 'integrity_check', ok: c.result === 'ok', result: c.result,
        state_at: e.created.toISOString(), checked_at: new Date().toISOString(), source: level === 'drill' ? 'drill' : 'verify', backup: e.base, duration_ms: c.duration_ms,
      });
    }
  }
  ctx.audit.details = { level, allow_unsigned: Boolean(options.allowUnsigned), results: outcomes.map((o) => ({ backup: o.backup, destination: o.destination, ok: o.ok, failure: o.failure ?? null })) };
  const levelLabel = ctx.t(`list.verified.${level}`);
  const text = outcomes.map((o) =>
    o.ok
      ? ctx.t('verify.ok', {
          level: levelLabel, backup: o.backup, destination: o.destination,
          summary: o.restore_ms !== undefined
            ? ctx.t('verify.summaryDrill', { checks: o.checks.length, seconds: (o.restore_ms / 1000).toFixed(1) })
            : ctx.t('verify.summary', { checks: o.checks.length, seconds: (o.duration_ms / 1000).toFixed(1) }),
        })
      : ctx.t('verify.failed', { level: levelLabel, backup: o.backup, destination: o.destination, failure: o.failure ?? '' }),
  );
  const ok = outcomes.every((o) => o.ok);
  const published = await publishStatus(config, 'backup verify');
  return { data: { ok, level, results: outcomes }, text, warnings: hqStatusWarnings(ctx, published), exitCode: ok ? EXIT.ok : EXIT.failed };
}
