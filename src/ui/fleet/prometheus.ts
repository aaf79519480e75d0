// fleet status as node_exporter textfile metrics: one series per store, labelled by destination
// and store, so HQ's Prometheus can alert on an unprotected or silent store by name.
import type { Status } from '../../checks/types.js';
import type { FleetReport } from '../../fleet/judge.js';

const CODE: Record<Status, number> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;

export function renderFleetPrometheus(r: FleetReport): string {
  const out: string[] = [];
  const metric = (name: string, help: string, rows: Array<[Record<string, string>, number]>) => {
    if (rows.length === 0) return;
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [l, v] of rows) out.push(`${name}${Object.keys(l).length ? labels(l) : ''} ${v}`);
  };
  const who = (row: FleetReport['rows'][number]) => ({ destination: row.destination, store: row.id });
  metric('store_ops_fleet_status', 'Overall result, as the exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.', [[{}, r.exit_code]]);
  metric('store_ops_fleet_stores', 'Stores found under the prefix of each destination.',
    [...new Set(r.rows.map((row) => row.destination))].map((d) => [{ destination: d }, r.rows.filter((row) => row.destination === d).length]));
  metric('store_ops_fleet_store_status', 'Each store: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.', r.rows.map((row) => [who(row), CODE[row.status]]));
  metric('store_ops_fleet_backup_age_seconds', 'Age of the store\'s newest usable backup in the bucket.',
    r.rows.filter((row) => row.newest_backup).map((row) => [who(row), Math.round((r.now - row.newest_backup!.created) / 1000)]));
  metric('store_ops_fleet_backup_max_age_seconds', 'The store\'s own limit for that age (backup.max_age_hours).', r.rows.map((row) => [who(row), row.max_age_hours * 3600]));
  metric('store_ops_fleet_silent', '1 when the store has not reported (status.json missing, untrusted, or older than silent_hours).', r.rows.map((row) => [who(row), row.silent ? 1 : 0]));
  metric('store_ops_fleet_signed_with_other_key', 'Files in the store\'s folder (status.json, backups) signed with a trusted key that may not vouch for it (fleet.stores): not believed.',
    r.rows.map((row) => [who(row), row.signed_with_other_key.length]));
  metric('store_ops_fleet_last_drill_restore_seconds', 'How long the store\'s last successful restore drill took to restore.',
    r.rows.filter((row) => row.last_drill?.restore_seconds != null).map((row) => [who(row), row.last_drill!.restore_seconds!]));
  metric('store_ops_fleet_status_written_timestamp_seconds', 'Unix time the store last wrote its status.json.',
    r.rows.filter((row) => row.status_file.written_at).map((row) => [who(row), Math.floor(Date.parse(row.status_file.written_at!) / 1000)]));
  return `${out.join('\n')}\n`;
}
