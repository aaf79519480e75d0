// The store's databases, each opened read-only in a worker thread: the header and a walk of
// every b-tree (database-worker.ts; integrity_check with --deep), a lock held past the busy
// timeout, the size of the WAL, the schema version (or, with a mapping file, whether its statements
// fit), how long the store has gone without a sale while open (read through the reconcile
// mapping, last-sale.ts), and the last full check on record (integrity_check of a backup's copy).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { recordDatabaseCheck, type DatabaseCheckRecord } from '../../backup/check-ledger.js';
import type { StoreConfig } from '../../core/config/load.js';
import { pasteable } from '../../core/pasteable.js';
import type { LastSaleQuery, LastSaleRead } from '../../reconcile/last-sale-read.js';
import { lastSaleQuery, loadedMapping } from '../../reconcile/last-sale.js';
import { parseSourceTime } from '../../reconcile/store-time.js';
import { SCHEMA_VERSION } from '../../store/schema.js';
import { TimedOut, withTimeout } from '../deadline.js';
import { classify } from '../logs/library.js';
import { isoInZone, tradingMinutes } from '../store-time.js';
import type { ProbeProblem, ProbeResult } from '../types.js';
import type { DbFacts, DbWorkerInput, DbWorkerOutput } from './database-worker.js';
import { begin, finish, highIsBad, problem, round1, type Measured } from './result.js';

export interface DatabaseProbeOptions {
  now: number;
  deep: boolean;
  /** How long a read waits for another process's lock before calling the database locked. */
  busyMs: number;
  timeoutMs: number;
  /** The newest integrity_check on record per database name. */
  lastChecks: Map<string, DatabaseCheckRecord | undefined>;
  /** The --config the command was given, repeated in the hint so it works when pasted. */
  configFlag?: string;
}

const HOUR = 3_600_000;
/** A full check older than this is a warning: corruption may have crept in since. */
const FULL_CHECK_DAYS = 3;

/** One database read in a worker thread, so a long check can be cut off at `timeoutMs`. */
export function runWorker(input: DbWorkerInput, timeoutMs: number): Promise<DbWorkerOutput> {
  const worker = new Worker(new URL('./database-worker.js', import.meta.url), { workerData: input });
  const done = new Promise<DbWorkerOutput>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`database check worker exited with code ${code}`)));
  });
  return withTimeout(done, timeoutMs, () => void worker.terminate()).finally(() => void worker.terminate());
}

/** A SQLite error as the matching log signature's finding (corrupt, not a database, locked, full…). */
function sqliteProblem(message: string, evidence: string[]): ProbeProblem | undefined {
  const sig = classify(message);
  return sig ? { id: sig.id, class: sig.class, runbook: sig.runbook, title: sig.title, explain: sig.explain, evidence } : undefined;
}

function checkResult(m: Measured, name: string, out: DbWorkerOutput, busyMs: number): ProbeResult {
  if (!out.ok) {
    const params = { name, problem: `${out.code}: ${out.message}`, seconds: busyMs / 1000 };
    if (out.code === 'SQLITE_BUSY' || out.code === 'SQLITE_LOCKED') {
      return finish(m, 'critical', null, null, 'probe.database.locked', params,
        problem('db-locked', 'software', 'pos-crash', 'finding.dbLocked.title', 'finding.dbLocked.explain', params, [out.message]));
    }
    return finish(m, 'critical', null, null, 'probe.database.unreadable', params, sqliteProblem(`${out.code} ${out.message}`, [out.message])
      ?? problem('db-unreadable', 'software', 'pos-crash', 'finding.dbUnreadable.title', 'finding.dbUnreadable.explain', params, [out.message]));
  }
  const { problems: lines, ran: check, btrees } = out.facts;
  if (lines.length === 0) {
    return check === 'walk' ? finish(m, 'ok', btrees, 'btrees', 'probe.database.walked', { name, btrees }) : finish(m, 'ok', null, null, 'probe.database.ok', { name, check });
  }
  // The count in the message, every line in the details: a damaged file can list a hundred.
  const params = { name, count: lines.length };
  const result = finish(m, 'critical', lines.length, 'errors', check === 'integrity_check' ? 'probe.database.damagedDeep' : 'probe.database.damaged', params,
    sqliteProblem('SQLITE_CORRUPT', lines.slice(0, 3)));
  result.details = lines;
  return result;
}

function lastSaleResult(config: StoreConfig, name: string, read: LastSaleRead, now: number): ProbeResult {
  const m = begin(`database:${name}:last-sale`, 'database');
  const limit = config.probes.last_sale_minutes;
  const params = { name, limit };
  const trouble = (p: Record<string, string | number>) =>
    problem('no-recent-sales', 'software', 'pos-crash', 'finding.noRecentSales.title', 'finding.noRecentSales.explain', { ...params, ...p });
  // Not run, or not runnable: said with why, and never taken for a database that cannot be opened.
  if (!read.ok) return finish(m, 'unknown', null, 'minutes', 'probe.database.lastSaleSkipped', { ...params, key: read.key, problem: read.problem });
  if (!read.at && read.days !== null) return finish(m, 'warning', null, 'minutes', 'probe.database.noSalesSince', { ...params, days: read.days }, trouble({ minutes: '-', at: '-' }));
  if (!read.at) return finish(m, 'warning', null, 'minutes', 'probe.database.noSales', params, trouble({ minutes: '-', at: '-' }));
  // A time without an offset (how many store systems keep it) is on the store's clock.
  const at = parseSourceTime(read.at, config.store.timezone) ?? NaN;
  const minutes = Number.isNaN(at) ? NaN : tradingMinutes(at, now, config.store.opening_hours, config.store.timezone);
  if (Number.isNaN(minutes)) return finish(m, 'unknown', null, 'minutes', 'probe.database.badSaleTime', { ...params, at: read.at });
  // Shown on the store's clock whatever the form the database keeps it in.
  const p = { ...params, minutes, at: isoInZone(at, config.store.timezone).replace('T', ' ').slice(0, 16) };
  return finish(m, highIsBad(minutes, limit, 2 * limit), minutes, 'trading_minutes', 'probe.database.lastSale', p, trouble(p));
}

/** The command that made the check, as it would be typed: readable in either language. */
const SOURCE: Record<DatabaseCheckRecord['source'], string> = {
  backup: 'store-ops backup run', verify: 'store-ops backup verify --deep', drill: 'store-ops backup verify --drill', restore: 'store-ops restore', diagnose: 'store-ops diagnose --deep',
};

/** The last integrity_check on record: its result and age; none, or an old one, says how to get one. */
function fullCheckResult(config: StoreConfig, name: string, rec: DatabaseCheckRecord | undefined, opts: DatabaseProbeOptions): ProbeResult {
  const m = begin(`database:${name}:full-check`, 'database');
  const hint = pasteable(opts.configFlag, config.backup ? ['backup', 'verify', '--latest', '--deep'] : ['diagnose', '--deep']);
  const params = { name, hint, days: FULL_CHECK_DAYS };
  const stale = (p: Record<string, string | number>) =>
    problem('db-full-check-old', 'human', null, 'finding.dbFullCheckOld.title', 'finding.dbFullCheckOld.explain', { ...params, ...p });
  if (!rec) return finish(m, 'warning', null, 'hours', 'probe.database.fullCheckNone', params, stale({ at: '-' }));
  const at = Date.parse(rec.state_at);
  const hours = round1((opts.now - at) / HOUR);
  const p = { ...params, at: isoInZone(at, config.store.timezone).replace('T', ' ').slice(0, 16), hours, source: SOURCE[rec.source] ?? rec.source, backup: rec.backup ?? '-', result: rec.result };
  if (!rec.ok) {
    return finish(m, 'critical', hours, 'hours', 'probe.database.fullCheckFailed', p,
      problem('db-full-check-failed', 'software', 'db-corruption', 'finding.dbFullCheckFailed.title', 'finding.dbFullCheckFailed.explain', p, [rec.result]));
  }
  return finish(m, hours > FULL_CHECK_DAYS * 24 ? 'warning' : 'ok', hours, 'hours', 'probe.database.fullCheckOk', p, stale(p));
}

/** A custom mapping fits the database, or the first statement that does not (prepared in the worker). */
function mappingResult(name: string, file: string, count: number, misfit: DbFacts['mapping_problem']): ProbeResult {
  const m = begin(`database:${name}:schema`, 'database');
  if (!misfit) return finish(m, 'ok', count, 'statements', 'probe.database.mappingFits', { name, file, count });
  const params = { name, file, key: misfit.key, problem: misfit.problem };
  return finish(m, 'warning', null, 'statements', 'probe.database.mappingMisfit', params,
    problem('db-mapping-misfit', 'software', null, 'finding.dbMappingMisfit.title', 'finding.dbMappingMisfit.explain', params));
}

export async function databaseProbes(config: StoreConfig, opts: DatabaseProbeOptions): Promise<ProbeResult[]> {
  const { busyMs } = opts;
  const check = opts.deep ? 'integrity_check' : 'walk';
  const builtin = config.reconcile.mapping === 'builtin';
  const cwd = path.dirname(config.configFile);
  const loaded = loadedMapping(config.reconcile.mapping, cwd);
  const mapping = 'mapping' in loaded ? loaded.mapping : undefined;
  const shownMapping = builtin ? 'builtin' : path.relative(cwd, config.reconcile.mapping) || config.reconcile.mapping;
  // The mapping describes the database reconcile reads by default: the first.
  const reconciled = config.databases[0]!.name;
  const lastSale: LastSaleQuery = mapping ? lastSaleQuery(mapping, opts.now, config.store.timezone) : { ok: false, key: shownMapping, problem: 'problem' in loaded ? loaded.problem : '' };
  const statements = mapping && !builtin
    ? (['queries', 'writes'] as const).flatMap((group) => Object.entries(mapping[group]).map(([name, sql]) => ({ key: `${group}.${name}`, sql: sql! })))
    : undefined;
  return Promise.all(config.databases.map(async (db) => {
    const out: ProbeResult[] = [];
    const m = begin(`database:${db.name}`, 'database');
    const mine = db.name === reconciled;
    let facts: DbFacts | undefined;
    try {
      const res = await runWorker({ file: db.path, check, busyMs, ...(mine ? { lastSale, statements } : {}) }, opts.timeoutMs);
      if (res.ok) facts = res.facts;
      // A deep run is a full check of the live file: recorded, it is the next runs' last full check.
      if (res.ok && opts.deep) {
        const at = new Date().toISOString();
        recordDatabaseCheck(config.state_dir, {
          database: db.name, path: db.path, kind: 'integrity_check', ok: res.facts.problems.length === 0, result: res.facts.problems.slice(0, 3).join('; ') || 'ok',
          state_at: at, checked_at: at, source: 'diagnose', backup: null, duration_ms: Math.round(performance.now() - m.started),
        });
      }
      out.push(checkResult(m, db.name, res, busyMs));
    } catch (err) {
      const key = err instanceof TimedOut ? 'probe.database.timedOut' : 'probe.database.failed';
      out.push(finish(m, 'unknown', null, null, key, { name: db.name, seconds: round1(opts.timeoutMs / 1000), problem: String(err) }));
    }
    out.push(fullCheckResult(config, db.name, opts.lastChecks.get(db.name), opts));
    try {
      const wal = await stat(`${db.path}-wal`);
      const mb = round1(wal.size / 1e6);
      const limit = config.probes.wal_warn_mb;
      const params = { name: db.name, mb, limit };
      out.push(finish(begin(`database:${db.name}:wal`, 'database'), mb >= limit ? 'warning' : 'ok', mb, 'megabytes', 'probe.database.wal', params,
        problem('db-wal-large', 'software', 'pos-crash', 'finding.dbWalLarge.title', 'finding.dbWalLarge.explain', params)));
    } catch {
      // No WAL file: the database is in rollback-journal mode or fully checkpointed.
    }
    if (facts && builtin) {
      const params = { name: db.name, found: facts.user_version, expected: SCHEMA_VERSION };
      const status = facts.user_version === SCHEMA_VERSION ? 'ok' : 'warning';
      out.push(finish(begin(`database:${db.name}:schema`, 'database'), status, facts.user_version, 'version', 'probe.database.schema', params,
        problem('db-schema-version', 'software', null, 'finding.dbSchemaVersion.title', 'finding.dbSchemaVersion.explain', params)));
    }
    if (facts && mine && !builtin) {
      if (statements) out.push(mappingResult(db.name, shownMapping, statements.length, facts.mapping_problem));
      else out.push(finish(begin(`database:${db.name}:schema`, 'database'), 'warning', null, null, 'probe.database.mappingBroken', { name: db.name, file: shownMapping, problem: lastSale.ok ? '' : lastSale.problem }));
    }
    if (facts?.last_sale) out.push(lastSaleResult(config, db.name, facts.last_sale, opts.now));
    return out;
  })).then((lists) => lists.flat());
}
