// The status a store keeps in each bucket for HQ (`<prefix><store id>/status.json`): what HQ needs
// to judge the store from afar and nothing more. No paths of the store machine, no recipients, no
// key material, no customer data: the store, its newest backup in that bucket, its limit, the last
// deep verify and drill, the last diagnose, the tool version and when it was written. Times are
// ISO 8601 with the store's offset, as everywhere in store-ops' JSON.
import type { CatalogEntry } from '../backup/catalog.js';
import type { VerificationRecord } from '../backup/ledger.js';
import { isoInZone } from '../checks/store-time.js';
import type { StoreConfig } from '../core/config/load.js';
import type { DiagnoseRecord } from './diagnose-record.js';

export const STATUS_FORMAT = 'store-ops-status';

export interface HqStatus {
  format: typeof STATUS_FORMAT;
  format_version: 1;
  store: { id: string; name: string; timezone: string };
  written_at: string;
  written_by: string;
  tool_version: string;
  max_age_hours: number;
  newest_backup: { id: string; base: string; created: string; size: number; verified: { level: string; at: string | null } } | null;
  last_deep_verify: { backup: string; destination: string; at: string; ok: boolean } | null;
  last_drill: { backup: string; destination: string; at: string; ok: boolean; restore_seconds: number | null } | null;
  last_diagnose: { checked_at: string; status: string; exit_code: number; cause_class: string | null; runbook: string | null } | null;
}

export interface HqStatusFacts {
  config: StoreConfig;
  command: string;
  toolVersion: string;
  now: Date;
  newest: CatalogEntry | undefined;
  /** Every verification on record, any order. */
  verifications: readonly VerificationRecord[];
  diagnose: DiagnoseRecord | null;
}

export function hqStatus(f: HqStatusFacts): HqStatus {
  const tz = f.config.store.timezone;
  const iso = (at: string | Date) => isoInZone(new Date(at).getTime(), tz);
  const newestFirst = [...f.verifications].sort((a, b) => b.at.localeCompare(a.at));
  const deep = newestFirst.find((v) => v.level === 'deep' || v.level === 'drill');
  const drill = newestFirst.find((v) => v.level === 'drill');
  const n = f.newest;
  return {
    format: STATUS_FORMAT,
    format_version: 1,
    store: { id: f.config.store.id, name: f.config.store.name, timezone: tz },
    written_at: iso(f.now),
    written_by: f.command,
    tool_version: f.toolVersion,
    max_age_hours: f.config.backup?.max_age_hours ?? 26,
    newest_backup: n?.sidecar ? {
      id: n.id, base: n.base, created: iso(n.created), size: n.sidecar.size,
      verified: { level: n.verified.level, at: n.verified.at === null ? null : iso(n.verified.at) },
    } : null,
    last_deep_verify: deep ? { backup: deep.backup, destination: deep.destination, at: iso(deep.at), ok: deep.ok } : null,
    last_drill: drill ? {
      backup: drill.backup, destination: drill.destination, at: iso(drill.at), ok: drill.ok,
      restore_seconds: drill.ok ? Number(drill.details.restore_ms ?? drill.duration_ms) / 1000 : null,
    } : null,
    last_diagnose: f.diagnose ? { ...f.diagnose, checked_at: iso(f.diagnose.checked_at) } : null,
  };
}
