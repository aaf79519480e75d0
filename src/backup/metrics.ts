// The node_exporter textfile: how a monitor learns that last night's backup did not happen.
import { writeFileAtomic } from '../core/atomic.js';

export interface BackupMetrics {
  store: string;
  lastSuccess: Date | undefined;
  lastRun: Date;
  success: boolean;
  sizeBytes: number | undefined;
  durationSeconds: number;
}

export function renderMetrics(m: BackupMetrics): string {
  const label = `{store="${m.store.replace(/["\\]/g, '')}"}`;
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}${label} ${value}`);
  };
  if (m.lastSuccess) gauge('store_ops_backup_last_success_timestamp_seconds', 'Unix time of the last backup run that succeeded.', Math.floor(m.lastSuccess.getTime() / 1000));
  gauge('store_ops_backup_last_run_timestamp_seconds', 'Unix time of the last backup run.', Math.floor(m.lastRun.getTime() / 1000));
  gauge('store_ops_backup_last_run_success', '1 if the last backup run succeeded, 0 if it failed.', m.success ? 1 : 0);
  if (m.sizeBytes !== undefined) gauge('store_ops_backup_last_size_bytes', 'Size of the last successful backup archive.', m.sizeBytes);
  gauge('store_ops_backup_last_duration_seconds', 'Wall time of the last backup run.', Math.round(m.durationSeconds * 1000) / 1000);
  return `${lines.join('\n')}\n`;
}

export function writeMetrics(file: string, m: BackupMetrics): void {
  writeFileAtomic(file, renderMetrics(m));
}
