// store-ops backup run: the nightly job. Quiet and one summary line under cron, a progress bar
// on a terminal, the result object with --json; exit 1 if any destination did not get the backup.
import path from 'node:path';
import { recordDatabaseCheck } from '../backup/check-ledger.js';
import { recordRun, lastSuccessfulRun } from '../backup/ledger.js';
import { writeMetrics } from '../backup/metrics.js';
import { runBackup, type BackupRunResult } from '../backup/run.js';
import type { Context } from '../core/context.js';
import { EXIT } from '../core/exit-codes.js';
import { VERSION } from '../version.js';
import { formatBytes } from '../ui/format.js';
import { lockTakenOverWarning } from '../ui/lock-warning.js';
import { hqStatusWarnings } from '../ui/hq-status-warnings.js';
import { publishStatus } from '../status/publish.js';
import { withProgress } from '../ui/progress.js';
import type { CommandResult } from './types.js';

function recordOutcome(ctx: Context, started: Date, result: BackupRunResult | undefined, error: unknown): void {
  const config = ctx.config();
  const finished = new Date();
  const ok = result !== undefined && result.destinations.every((d) => d.ok);
  recordRun(config.state_dir, {
    started_at: started.toISOString(), finished_at: finished.toISOString(), outcome: ok ? 'ok' : 'failed',
    backup: result?.archive ?? null, size: result?.size ?? null, duration_ms: finished.getTime() - started.getTime(),
    error: error instanceof Error ? error.message : error === undefined ? null : String(error),
  });
  // The snapshot's full check counts even when no destination took the archive: it says what the store's database was like.
  for (const d of result?.databases ?? []) {
    recordDatabaseCheck(config.state_dir, {
      database: d.name, path: config.databases.find((c) => c.name === d.name)?.path ?? d.name, kind: 'integrity_check', ok: d.integrity_check === 'ok',
      result: d.integrity_check, state_at: result!.created, checked_at: finished.toISOString(), source: 'backup',
      backup: result!.base, duration_ms: d.check_ms,
    });
  }
  const metricsFile = config.backup?.metrics_file;
  if (metricsFile) {
    const last = lastSuccessfulRun(config.state_dir);
    writeMetrics(metricsFile, {
      store: config.store.id, lastRun: finished, success: ok,
      lastSuccess: last ? new Date(last.finished_at) : undefined, sizeBytes: last?.size ?? undefined,
      durationSeconds: (finished.getTime() - started.getTime()) / 1000,
    });
  }
}

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  ctx.audit.stateDir = config.state_dir;
  const started = new Date();
  let result: BackupRunResult | undefined;
  try {
    result = await withProgress(ctx, ctx.t('backup.progressTitle', { store: config.store.id }), (report) =>
      runBackup({
        config,
        toolVersion: VERSION,
        now: started,
        onProgress: (step, done, total) => report(ctx.t(step === 'snapshot' ? 'backup.stepSnapshot' : 'backup.stepPack'), done, total),
      }),
    );
  } catch (err) {
    recordOutcome(ctx, started, undefined, err);
    throw err;
  }
  recordOutcome(ctx, started, result, undefined);
  const published = await publishStatus(config, 'backup run');
  const failed = result.destinations.filter((d) => !d.ok);
  const ok = result.destinations.filter((d) => d.ok);
  ctx.audit.details = { archive: result.archive, size: result.size, sha256: result.sha256, destinations: result.destinations };
  const line = failed.length === 0
    ? ctx.t('backup.runOk', {
        archive: result.archive, size: formatBytes(result.size), codec: result.codec,
        seconds: (result.duration_ms / 1000).toFixed(1), destinations: ok.map((d) => d.name).join(', '),
      })
    : ctx.t('backup.runPartial', {
        ok: ok.map((d) => d.name).join(', ') || '-', failed: failed.map((d) => d.name).join(', '), problem: failed.map((d) => d.error).join('; '),
      });
  const sound = result.databases.every((d) => d.integrity_check === 'ok');
  return {
    data: { ok: failed.length === 0 && sound, ...result, archive_paths: result.destinations.filter((d) => d.ok).map((d) => d.archive), config_dir: path.dirname(config.configFile) },
    text: [line],
    warnings: [...lockTakenOverWarning(ctx, result.lock_taken_over), ...result.warnings.map((w) => ctx.t('backup.warning', { text: w })), ...hqStatusWarnings(ctx, published)],
    exitCode: failed.length === 0 && sound ? EXIT.ok : EXIT.failed,
  };
}
