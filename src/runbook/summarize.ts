// A command's --json document turned into the few lines a person needs at that step ("status
// critical; probable cause: power; open power-loss"), as message keys so the walk, the report and
// either language render them. Commands it does not know get their top-level facts listed.
import type { MessageKey, MessageParams, Translator } from '../core/i18n.js';
import { isoInZone } from '../checks/store-time.js';
import { formatMoney } from '../ui/format.js';
import { awaitsConfirmation, cannotBeEntered } from '../reconcile/match-manual.js';

export interface SummaryLine {
  key: MessageKey;
  params: MessageParams;
  /** Params that are themselves message keys, translated before the line is. */
  keyParams?: Record<string, MessageKey>;
  /** Params that hold an instant (ISO 8601), shown on the store's clock when it is known. */
  times?: string[];
  /** Params that hold an amount of money, shown as on a receipt (¥6261.00). */
  money?: string[];
}

const CLASSES = ['hardware', 'software', 'network', 'human', 'external'];

/**
 * One summary line in the reader's language. Times go on the store's clock when its zone is given,
 * with its offset unless the document names the zone once at its top (the report); without a zone
 * they say they are UTC, never the bare ISO form.
 */
export function renderSummaryLine(t: Translator, l: SummaryLine, timezone?: string, offset = true): string {
  const params = { ...l.params };
  for (const [name, key] of Object.entries(l.keyParams ?? {})) params[name] = t(key);
  for (const name of l.money ?? []) {
    const n = Number(params[name]);
    if (params[name] !== '-' && Number.isFinite(n)) params[name] = formatMoney(n);
  }
  for (const name of l.times ?? []) {
    const iso = String(params[name]);
    if (Number.isNaN(Date.parse(iso))) continue;
    params[name] = timezone ? (offset ? zonedClock(iso, timezone) : clockTime(iso, timezone)) : t('report.utc', { time: clockTime(iso, 'UTC') });
  }
  return t(l.key, params);
}

/** "2026-11-21 18:00" on the given zone's clock. */
export function clockTime(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** "2026-11-21 18:00 +08:00". */
function zonedClock(iso: string, timezone: string): string {
  const local = isoInZone(Date.parse(iso), timezone);
  return `${local.slice(0, 16).replace('T', ' ')} ${local.slice(19)}`;
}

const LEVELS = ['quick', 'deep', 'drill', 'never', 'failed'];

/** A verification level as a word of the reader's language, when it is one store-ops writes. */
const withLevel = (l: SummaryLine, name: string): SummaryLine => {
  const level = String(l.params[name]);
  return LEVELS.includes(level) ? { ...l, keyParams: { ...l.keyParams, [name]: `report.level.${level}` as MessageKey } } : l;
};

const withTimes = (l: SummaryLine, ...names: string[]): SummaryLine => ({ ...l, times: names });
const withMoney = (l: SummaryLine, ...names: string[]): SummaryLine => ({ ...l, money: names });

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const line = (key: MessageKey, params: MessageParams = {}): SummaryLine => ({ key, params });
const str = (v: unknown) => (v === undefined || v === null ? '-' : String(v));

/** Each database's health and newest sale, beside the newest backup's time: whether a restore brought back what it should. */
function status(doc: Json): SummaryLine[] {
  const out = arr(doc.databases).map((d) => {
    if (d.ok !== true) return line('summary.statusDatabaseBad', { name: str(d.name), problem: str(d.problem) });
    // A large database is only opened, not read page by page: say no more than was seen.
    if (d.pages_checked !== true) return withTimes(line('summary.statusDatabaseOpens', { name: str(d.name), at: str(d.last_sale_at) }), 'at');
    return typeof d.last_sale_at === 'string'
      ? withTimes(line('summary.statusDatabaseOk', { name: str(d.name), at: d.last_sale_at }), 'at')
      : line('summary.statusDatabaseNoSale', { name: str(d.name) });
  });
  const newest = obj(obj(doc.backup).newest);
  if (typeof newest.created === 'string') out.push(withTimes(line('summary.statusNewestBackup', { id: str(newest.id), created: newest.created }), 'created'));
  return out;
}

function diagnose(doc: Json): SummaryLine[] {
  const out = [line('summary.diagnose', { status: str(doc.status), findings: arr(doc.findings).length })];
  for (const c of arr(doc.causes).slice(0, 3)) {
    const cause = line('summary.cause', { class: str(c.class), confidence: Math.round(Number(c.confidence ?? 0) * 100), summary: str(c.summary) });
    if (CLASSES.includes(String(c.class))) cause.keyParams = { class: `diag.class.${String(c.class)}` as MessageKey };
    out.push(cause);
  }
  return out;
}

function known(argv: readonly string[], doc: Json): SummaryLine[] | undefined {
  const [a, b] = argv;
  if (a === 'diagnose') return diagnose(doc);
  if (a === 'backup' && b === 'verify') {
    const results = arr(doc.results);
    const failed = results.filter((r) => r.ok !== true);
    return [
      withLevel(line('summary.verify', { level: str(doc.level), passed: results.length - failed.length, failed: failed.length }), 'level'),
      ...failed.slice(0, 3).map((r) => line('summary.verifyFailure', { backup: str(r.backup), failure: str(r.failure) })),
    ];
  }
  if (a === 'backup' && b === 'run') return [line('summary.backupRun', { id: str(doc.id), bytes: str(doc.size), seconds: (Number(doc.duration_ms ?? 0) / 1000).toFixed(1) })];
  if (a === 'backup' && b === 'list') {
    const newest = arr(obj(arr(doc.destinations)[0]).backups)[0];
    return newest
      ? [withTimes(withLevel(line('summary.list', { id: str(newest.id), created: str(newest.created), verified: str(obj(newest.verified).level) }), 'verified'), 'created')]
      : [line('summary.noBackups')];
  }
  if (a === 'reconcile' && b === 'sales') {
    const receipts = obj(obj(doc.total).receipts);
    const conflicts = Number(obj(receipts.conflict).count ?? 0);
    const problems = arr(doc.problems).length;
    // After --apply the count is what went in, not what still waits.
    const out = [withMoney(line(doc.applied === true ? 'summary.reconcileSalesEntered' : 'summary.reconcileSales', {
      count: str(obj(doc.to_enter).count), amount: str(obj(doc.to_enter).amount), missing: str(obj(receipts.missing).count),
      duplicates: str(obj(obj(doc.total).duplicates).count), conflicts, problems,
    }), 'amount')];
    // Never entered by any run: someone has to look, and the step's summary must say where.
    if (conflicts + problems > 0) out.push(line('summary.salesForAPerson', { conflicts, problems }));
    const waiting = arr(doc.slips).filter((x) => awaitsConfirmation(String(x.status))).length;
    const blocked = arr(doc.slips).filter((x) => cannotBeEntered(String(x.status))).length;
    // Slips are entered only once a person confirmed them: "0 to enter" must not read as "all done".
    if (waiting + blocked > 0) out.push(line('summary.slipsWaiting', { waiting, blocked }));
    const w = obj(doc.waiting);
    if (w.complete === true) out.push(line('reconcile.checkComplete'));
    if (w.complete === false) out.push(line('reconcile.checkWaiting', { receipts: str(w.receipts), slips: str(w.slips) }));
    return out;
  }
  if (a === 'status') return status(doc);
  if (a === 'reconcile' && b === 'stock') {
    const d = obj(doc.distortions);
    // The items by name, largest value first, and what to do: a count settles what the records cannot.
    const items = arr(d.items).sort((x, y) => Math.abs(Number(y.value ?? 0)) - Math.abs(Number(x.value ?? 0)));
    return [
      withMoney(line('summary.reconcileStock', { skus: str(doc.skus), count: str(d.count), units: str(d.units), value: str(d.value) }), 'value'),
      ...items.slice(0, 5).map((x) => withMoney(line('summary.stockItem', { sku: str(x.sku), name: str(x.name), recorded: str(x.recorded), expected: str(x.expected), value: str(x.value) }), 'value')),
      ...(items.length > 5 ? [line('summary.stockMore', { count: items.length - 5 })] : []),
      ...(items.length > 0 && doc.applied !== true ? [line('summary.stockNext')] : []),
      ...(doc.applied === true ? [line('summary.applied')] : []),
    ];
  }
  if (a === 'restore' && doc.undone !== undefined) return [line('summary.undo', { backup: str(doc.backup), quarantine: str(doc.quarantine) })];
  if (a === 'restore') {
    if (doc.dry_run === true) {
      return [
        withTimes(line('summary.restoreDry', { backup: str(doc.backup), created: str(doc.created) }), 'created'),
        ...arr(doc.targets).map((x) => line(x.replaces ? 'summary.restoreReplaces' : 'summary.restoreCreates', { live: str(x.live) })),
      ];
    }
    return [withTimes(line('summary.restore', { backup: str(doc.backup), created: str(doc.created), quarantine: str(doc.quarantine) }), 'created')];
  }
  return undefined;
}

/** Top-level numbers, booleans and short texts: "ok=true, missing=3, applied=0". */
function facts(doc: Json): SummaryLine[] {
  const parts = Object.entries(doc)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 60))
    .slice(0, 8)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? [line('summary.facts', { facts: parts.join(', ') })] : [];
}

/** The runbooks diagnose's top causes point to (its findings' runbooks only when it names no cause). */
export function recommendations(doc: unknown): string[] {
  const d = obj(doc);
  const causes = arr(d.causes).slice(0, 3);
  const ids = (causes.length > 0 ? causes : arr(d.findings)).map((x) => x.runbook).filter((r): r is string => typeof r === 'string' && r !== '');
  return [...new Set(ids)];
}

/**
 * Whether the command did its work: exit 0, or for diagnose any monitoring status it reported
 * (1 WARNING, 2 CRITICAL and 3 UNKNOWN are findings, not a failure to diagnose).
 */
export function completed(argv: readonly string[], code: number, json: unknown): boolean {
  return code === 0 || (argv[0] === 'diagnose' && code <= 3 && typeof obj(json).status === 'string');
}

export function summarize(argv: readonly string[], code: number, json: unknown, stderr: string): { summary: SummaryLine[]; recommends: string[] } {
  const doc = obj(json);
  const error = obj(doc.error);
  if (json === undefined || typeof error.message === 'string') {
    const message = typeof error.message === 'string' ? error.message : stderr.trim().split('\n')[0] ?? '';
    return { summary: [line('summary.failed', { message: message || `exit ${code}` })], recommends: [] };
  }
  const summary = known(argv, doc) ?? facts(doc);
  return { summary: summary.length > 0 ? summary : [line('summary.exit', { code })], recommends: recommendations(doc) };
}
