// store-ops status: one screen for the store manager and the technician: the store, a quick look
// at the databases, the newest backup and the last drill, open incidents, the last diagnose.
import type { Context } from '../core/context.js';
import { localTime } from '../runbook/report.js';
import { gatherStatus, type StoreStatus } from '../status/gather.js';
import type { DatabaseHealth } from '../status/database-health.js';
import { formatDuration } from '../runbook/duration.js';
import { formatBytes } from '../ui/format.js';
import { paint } from '../ui/output.js';
import { incidentLine } from './runbook-status.js';
import type { CommandResult } from './types.js';

function databaseLine(ctx: Context, s: StoreStatus, d: DatabaseHealth): string {
  const c = paint(ctx);
  if (!d.ok) return c.red(ctx.t('status.dbBad', { name: d.name, problem: d.problem ?? '' }));
  return ctx.t('status.dbOk', {
    name: d.name, size: formatBytes(d.size ?? 0), wal: formatBytes(d.wal_size ?? 0), schema: d.schema_version ?? '-', tables: d.tables ?? '-',
    sale: d.last_sale_at ? `${localTime(d.last_sale_at, s.store.timezone)} (${ctx.t('status.ago', { age: formatDuration(Date.parse(s.checked_at) - Date.parse(d.last_sale_at), ctx.lang) })})` : '-',
    free: d.disk_free_percent ?? '-',
  });
}

function backupLines(ctx: Context, s: StoreStatus): string[] {
  const c = paint(ctx);
  const b = s.backup;
  const tz = s.store.timezone;
  if (!b.configured) return [c.yellow(ctx.t('status.noBackupSection'))];
  const out = b.destination_errors.map((e) => c.red(ctx.t('status.destinationError', { name: e.name, error: e.error })));
  if (!b.newest) out.push(c.red(ctx.t('status.noBackup')));
  else {
    const verified = b.newest.verified.level === 'never' ? ctx.t('status.neverVerified') : b.newest.verified.level === 'failed' ? c.red(ctx.t('status.verifyFailed')) : ctx.t('status.verifiedAt', { level: b.newest.verified.level, at: localTime(b.newest.verified.at!, tz) });
    const line = ctx.t('status.newestBackup', { id: b.newest.id, created: localTime(b.newest.created, tz), age: formatDuration(b.newest.age_seconds * 1000, ctx.lang), max: b.max_age_hours ?? '-', verified });
    out.push(b.newest.too_old ? c.red(`${line} ${ctx.t('status.tooOld')}`) : line);
  }
  const d = b.last_drill;
  if (!d) out.push(c.yellow(ctx.t('status.noDrill')));
  else if (!d.ok) out.push(c.red(ctx.t('status.drillFailed', { backup: d.backup.split('_').at(-1)!, at: localTime(d.at, tz) })));
  else out.push(ctx.t('status.drill', { backup: d.backup.split('_').at(-1)!, at: localTime(d.at, tz), seconds: ((d.restore_ms ?? 0) / 1000).toFixed(1) }));
  return out;
}

function diagnoseLine(ctx: Context, s: StoreStatus): string {
  const d = s.diagnose;
  if (!d) return ctx.t('status.noDiagnose');
  const c = paint(ctx);
  const line = ctx.t('status.lastDiagnose', { at: localTime(d.checked_at, s.store.timezone), status: d.status.toUpperCase(), cause: d.cause_class ?? '-', runbook: d.runbook ?? '-' });
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
    c.dim(`  ${ctx.t('status.quickMeans')}`),
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

