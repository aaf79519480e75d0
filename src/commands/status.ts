// store-ops status: one screen for the store manager and the technician: the store, a quick look
// at the databases (saying what was read, and how to check fully), the newest backup and the last
// drill, open incidents, the last diagnose. Times on the store's clock; hints that work when pasted.
import { sqliteProblemText } from '../ui/diagnose/sqlite-problem.js';
import { CAUSE_CLASSES } from '../checks/types.js';
import type { Context } from '../core/context.js';
import { pasteable } from '../core/pasteable.js';
import { gatherStatus, type StoreStatus } from '../status/gather.js';
import { PAGE_READ_LIMIT_BYTES, PAGE_READ_TIMEOUT_MS, type DatabaseHealth } from '../status/database-health.js';
import { formatDuration } from '../runbook/duration.js';
import { storeClock } from '../ui/backup-entry.js';
import { formatBytes } from '../ui/format.js';
import { paint } from '../ui/output.js';
import { incidentLine } from './runbook-status.js';
import type { CommandResult } from './types.js';

const VERIFY_LEVELS = ['quick', 'deep', 'drill'] as const;
const clock = (iso: string, tz: string) => storeClock(Date.parse(iso), tz);

function databaseLine(ctx: Context, s: StoreStatus, d: DatabaseHealth): string {
  const c = paint(ctx);
  switch (d.problem_kind) {
    case 'missing': return c.red(ctx.t('status.db.missing', { name: d.name, path: d.path }));
    case 'not-sqlite': return c.red(ctx.t('status.db.notSqlite', { name: d.name }));
    case 'unreadable': return c.red(ctx.t('status.db.unreadable', { name: d.name, problem: d.problem ?? '' }));
    case 'damaged': return c.red(ctx.t('status.db.damaged', { name: d.name, count: d.damage.length, first: sqliteProblemText(ctx.lang, d.damage[0] ?? '') }));
    case null: break;
  }
  const facts = {
    name: d.name, size: formatBytes(d.size ?? 0), wal: formatBytes(d.wal_size ?? 0), schema: d.schema_version ?? '-', tables: d.tables ?? '-',
    sale: d.last_sale_at ? ctx.t('status.saleAt', {
      at: clock(d.last_sale_at, s.store.timezone), ago: ctx.t('status.ago', { age: formatDuration(Date.parse(s.checked_at) - Date.parse(d.last_sale_at), ctx.lang) }),
    }) : d.last_sale_skipped ? ctx.t('status.saleNotRead', d.last_sale_skipped) : '-',
    free: d.disk_free_percent ?? '-',
  };
  if (d.pages_checked) return ctx.t('status.db.ok', facts);
  const why = d.pages_skipped === 'time'
    ? ctx.t('status.db.skipped.time', { seconds: PAGE_READ_TIMEOUT_MS / 1000 })
    : ctx.t('status.db.skipped.size', { limit: PAGE_READ_LIMIT_BYTES / 1e6 });
  return c.yellow(ctx.t('status.db.headerOnly', { ...facts, why }));
}

/** The command to run next about the databases: diagnose when one is in trouble, else the full check. */
function databaseHint(ctx: Context, s: StoreStatus): string {
  const c = paint(ctx);
  if (s.databases.some((d) => !d.ok)) return c.red(ctx.t('status.db.diagnose', { command: pasteable(ctx.configFlag, ['diagnose']) }));
  return c.dim(ctx.t('status.db.fullCheck', { command: pasteable(ctx.configFlag, ['diagnose', '--deep']) }));
}

function backupLines(ctx: Context, s: StoreStatus): string[] {
  const c = paint(ctx);
  const b = s.backup;
  const tz = s.store.timezone;
  if (!b.configured) return [c.yellow(ctx.t('status.noBackupSection'))];
  const out = b.destination_errors.map((e) => c.red(ctx.t('status.destinationError', { name: e.name, error: e.error })));
  if (!b.newest) out.push(c.red(ctx.t('status.backupNone', { command: pasteable(ctx.configFlag, ['backup', 'run']) })));
  else {
    const { at } = b.newest.verified;
    const level = VERIFY_LEVELS.find((l) => l === b.newest!.verified.level);
    const verified = level && at ? ctx.t('status.verified', { level: ctx.t(`list.verified.${level}`), at: clock(at, tz) })
      : b.newest.verified.level === 'failed' ? c.red(ctx.t('status.verifyFailed')) : ctx.t('status.neverVerified');
    const line = ctx.t('status.newestBackup', { id: b.newest.id, created: clock(b.newest.created, tz), age: formatDuration(b.newest.age_seconds * 1000, ctx.lang), max: b.max_age_hours ?? '-', verified });
    out.push(b.newest.too_old ? c.red(`${line} ${ctx.t('status.tooOld')}`) : line);
  }
  const d = b.last_drill;
  if (!d) out.push(c.yellow(ctx.t('status.drillNone', { command: pasteable(ctx.configFlag, ['backup', 'verify', '--latest', '--drill']) })));
  else if (!d.ok) out.push(c.red(ctx.t('status.drillFailed', { backup: d.backup.split('_').at(-1)!, at: clock(d.at, tz) })));
  else out.push(ctx.t('status.drill', { backup: d.backup.split('_').at(-1)!, at: clock(d.at, tz), seconds: ((d.restore_ms ?? 0) / 1000).toFixed(1) }));
  return out;
}

function diagnoseLine(ctx: Context, s: StoreStatus): string {
  const d = s.diagnose;
  if (!d) return ctx.t('status.noDiagnose');
  const c = paint(ctx);
  const cls = CAUSE_CLASSES.find((k) => k === d.cause_class);
  const line = ctx.t('status.lastDiagnose', {
    at: clock(d.checked_at, s.store.timezone), status: ctx.t(`diag.status.${d.status}`),
    cause: cls ? ctx.t(`diag.class.${cls}`) : d.cause_class ?? '-', runbook: d.runbook ?? '-',
  });
  return d.status === 'critical' ? c.red(line) : d.status === 'ok' ? line : c.yellow(line);
}

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const s = await gatherStatus(config, ctx.lang);
  const c = paint(ctx);
  const text = [
    c.bold(ctx.t('status.store', { id: s.store.id, name: s.store.name, file: s.store.config_file })),
    '',
    c.bold(ctx.t('status.databases')),
    ...s.databases.map((d) => `  ${databaseLine(ctx, s, d)}`),
    `  ${databaseHint(ctx, s)}`,
    '',
    c.bold(ctx.t('status.backups')),
    ...backupLines(ctx, s).map((l) => `  ${l}`),
    '',
    c.bold(ctx.t('status.incidents')),
    ...(s.incidents.length === 0 ? [`  ${ctx.t('incident.noneOpen')}`] : s.incidents.map((i) => `  ${incidentLine(ctx, i)}`)),
    '',
    c.bold(ctx.t('status.diagnose')),
    `  ${diagnoseLine(ctx, s)}`,
  ];
  return { data: s, text };
}
