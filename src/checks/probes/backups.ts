// Whether the store could be restored today: the newest good backup's age against
// backup.max_age_hours, how long ago a backup was last proven (deep verify or drill), and
// whether the last nightly run failed. Reads the destinations and store-ops' state database.
// Only backups signed by a trusted key count; forged, untrusted or future-dated ones in a
// destination are a finding of their own, since someone planted them there.
import { existsSync } from 'node:fs';
import { catalogDestination, type CatalogEntry } from '../../backup/catalog.js';
import { verificationsByBackup } from '../../backup/ledger.js';
import { placeIn } from '../../backup/destination.js';
import { destinationsOf } from '../../backup/destinations.js';
import type { StoreConfig } from '../../core/config/load.js';
import { describeCause, StoreOpsError } from '../../core/errors.js';
import { translate } from '../../core/i18n.js';
import { pasteable } from '../../core/pasteable.js';
import { trustedSigners } from '../../signing/trust.js';
import { openStateDb, stateDbPath } from '../../core/state-db.js';
import { clockText } from '../store-time.js';
import type { ProbeResult } from '../types.js';
import { begin, finish, highIsBad, problem, round1, type Measured } from './result.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function lastRun(stateDir: string): { outcome: string; finished_at: string; error: string | null } | undefined {
  const db = openStateDb(stateDir);
  try {
    return db.prepare('SELECT outcome, finished_at, error FROM backup_runs ORDER BY id DESC LIMIT 1').get() as { outcome: string; finished_at: string; error: string | null } | undefined;
  } finally {
    db.close();
  }
}

/**
 * How long since a backup was last proven (deep verify, or drill). The fix is a command, not a
 * runbook: nothing is broken, a check is overdue.
 */
function ageProbe(name: string, entries: CatalogEntry[], levels: string[], limitDays: number, now: number, key: 'verified' | 'drill', command: string): ProbeResult {
  const m = begin(name, 'backup');
  const times = entries.filter((e) => levels.includes(e.verified.level) && e.verified.at).map((e) => Date.parse(e.verified.at!));
  const newest = times.length ? Math.max(...times) : undefined;
  const days = newest === undefined ? null : round1((now - newest) / DAY);
  const params = { days: days ?? '-', limit: limitDays, command };
  const p = key === 'verified'
    ? problem('backup-unverified', 'human', null, 'finding.backupUnverified.title', 'finding.backupUnverified.explain', params)
    : problem('backup-drill-old', 'human', null, 'finding.backupDrillOld.title', 'finding.backupDrillOld.explain', params);
  p.command = command;
  if (days === null) return finish(m, 'warning', null, 'days', key === 'verified' ? 'probe.backup.neverVerified' : 'probe.backup.neverDrilled', params, p);
  return finish(m, days > limitDays ? 'warning' : 'ok', days, 'days', key === 'verified' ? 'probe.backup.verified' : 'probe.backup.drilled', params, p);
}

/** Backups someone may have planted: not unsigned (those predate signing), but forged, untrusted or from the future. */
function trustProbe(name: string, location: string, entries: CatalogEntry[]): ProbeResult {
  const m = begin(`backup:trust:${name}`, 'backup');
  const suspect = entries.filter((e) => e.future || e.signature.state === 'forged' || e.signature.state === 'untrusted');
  const evidence = suspect.map((e) => {
    const why = e.signature.reason ? translate('en', e.signature.reason.key, e.signature.reason.params) : 'dated in the future';
    return `${placeIn(location, `${e.base}.json`)}: ${e.future ? 'future-dated' : e.signature.state}: ${why}`;
  });
  const params = { name, count: suspect.length, list: suspect.map((e) => e.base).join(', ') };
  if (suspect.length === 0) return finish(m, 'ok', 0, 'backups', 'probe.backup.trusted', params);
  return finish(m, 'warning', suspect.length, 'backups', 'probe.backup.untrusted', params,
    problem('backup-untrusted', 'human', null, 'finding.backupUntrusted.title', 'finding.backupUntrusted.explain', params, evidence));
}

/** A destination that cannot be listed; for a bucket, the kind of failure says whose job it is. */
function unavailable(m: Measured, name: string, location: string, err: unknown): ProbeResult {
  const params = { name, location, problem: describeCause(err) };
  const key = err instanceof StoreOpsError && err.key.startsWith('s3.') ? err.key : undefined;
  if (!key) {
    return finish(m, 'critical', null, null, 'probe.backup.destinationUnavailable', params,
      problem('backup-destination-unavailable', 'hardware', null, 'finding.backupDestination.title', 'finding.backupDestination.explain', params));
  }
  const cls = ['s3.dns', 's3.unreachable', 's3.timeout', 's3.server'].includes(key) ? 'network' : 'human';
  return finish(m, 'critical', null, null, 'probe.backup.destinationUnavailable', params,
    problem('backup-bucket-unavailable', cls, null, 'finding.backupBucket.title', 'finding.backupBucket.explain', params));
}

/**
 * One destination's newest good backup, once the store has a good one somewhere: a copy that
 * stopped arriving (an off-site upload failing night after night while the folder is fine) is a
 * warning of its own, which the store-wide age would hide.
 */
function destinationNewest(r: { m: Measured; name: string; location: string; good: CatalogEntry[] }, maxAge: number, now: number): ProbeResult {
  const { m } = r;
  const newest = r.good.reduce<CatalogEntry | undefined>((a, e) => (!a || e.created > a.created ? e : a), undefined);
  const hours = newest ? round1((now - newest.created.getTime()) / HOUR) : null;
  const params = { name: r.name, location: r.location, hours: hours ?? '-', limit: maxAge, id: newest?.id ?? '-' };
  const p = problem('backup-destination-stale', 'human', null, 'finding.backupDestinationStale.title', 'finding.backupDestinationStale.explain', params);
  if (!newest) return finish(m, 'warning', null, 'hours', 'probe.backup.destinationEmpty', params, p);
  return finish(m, now - newest.created.getTime() > maxAge * HOUR ? 'warning' : 'ok', hours, 'hours', 'probe.backup.destinationNewest', params, p);
}

/** `configFlag`: the --config given, repeated in the commands findings suggest so that they work when pasted. */
export async function backupProbes(config: StoreConfig, now: number, configFlag?: string): Promise<ProbeResult[]> {
  if (!config.backup) {
    return [finish(begin('backup', 'backup'), 'warning', null, null, 'probe.backup.notConfigured', {},
      problem('backup-not-configured', 'human', null, 'finding.backupNotConfigured.title', 'finding.backupNotConfigured.explain'))];
  }
  const hasState = existsSync(stateDbPath(config.state_dir));
  const ledger = hasState ? verificationsByBackup(config.state_dir) : new Map();
  const out: ProbeResult[] = [];
  const entries: CatalogEntry[] = [];
  const reached: Array<{ m: Measured; name: string; location: string; good: CatalogEntry[] }> = [];
  const signers = trustedSigners(config);
  for (const d of destinationsOf(config)) {
    const m = begin(`backup:destination:${d.name}`, 'backup');
    try {
      const listed = await catalogDestination(d, ledger, signers, new Date(now));
      entries.push(...listed);
      reached.push({ m, name: d.name, location: d.location, good: listed.filter((e) => e.good && e.store === config.store.id) });
      out.push(trustProbe(d.name, d.location, listed.filter((e) => e.store === config.store.id)));
    } catch (err) {
      out.push(unavailable(m, d.name, d.location, err));
    }
  }
  const good = entries.filter((e) => e.good && e.store === config.store.id);
  const m = begin('backup:newest', 'backup');
  const maxAge = config.backup.max_age_hours;
  const newest = good.reduce<CatalogEntry | undefined>((a, e) => (!a || e.created > a.created ? e : a), undefined);
  if (!newest) {
    out.push(finish(m, 'critical', null, 'hours', 'probe.backup.none', { limit: maxAge },
      problem('backup-missing', 'human', null, 'finding.backupMissing.title', 'finding.backupMissing.explain')));
    return out;
  }
  const hours = round1((now - newest.created.getTime()) / HOUR);
  const params = { hours, limit: maxAge, id: newest.id };
  out.push(finish(m, highIsBad(hours, maxAge, 2 * maxAge), hours, 'hours', 'probe.backup.newest', params,
    problem('backup-stale', 'human', null, 'finding.backupStale.title', 'finding.backupStale.explain', params)));
  for (const r of reached) out.push(destinationNewest(r, maxAge, now));
  const drillCommand = pasteable(configFlag, ['backup', 'verify', '--latest', '--drill']);
  const drill = ageProbe('backup:drill', good, ['drill'], config.probes.backup_drill_days, now, 'drill', drillCommand);
  // A drill verifies deeply too: when both are overdue, one command settles both.
  const verifyCommand = drill.problem ? drillCommand : pasteable(configFlag, ['backup', 'verify', '--latest']);
  out.push(ageProbe('backup:verified', good, ['deep', 'drill'], config.probes.backup_verify_days, now, 'verified', verifyCommand), drill);
  const run = hasState ? lastRun(config.state_dir) : undefined;
  if (run) {
    const runParams = { at: clockText(Date.parse(run.finished_at), config.store.timezone), problem: run.error ?? '-' };
    out.push(finish(begin('backup:last-run', 'backup'), run.outcome === 'ok' ? 'ok' : 'warning', null, null,
      run.outcome === 'ok' ? 'probe.backup.lastRunOk' : 'probe.backup.lastRunFailed', runParams,
      problem('backup-run-failed', 'software', null, 'finding.backupRunFailed.title', 'finding.backupRunFailed.explain', runParams, [run.error ?? ''])));
  }
  return out;
}
