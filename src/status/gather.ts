// Everything `store-ops status` shows, gathered without changing anything: the store, a quick look
// at each database, the newest backup with its age and verified state, the last restore drill,
// open incidents, and the last diagnose.
import path from 'node:path';
import { catalog } from '../backup/catalog.js';
import { verificationsByBackup } from '../backup/ledger.js';
import type { StoreConfig } from '../core/config/load.js';
import type { Lang } from '../core/i18n.js';
import type { LastSaleQuery } from '../reconcile/last-sale-read.js';
import { lastSaleQuery, loadedMapping } from '../reconcile/last-sale.js';
import { IncidentStore } from '../runbook/incidents.js';
import { incidentState, type IncidentState } from '../runbook/state.js';
import { databaseHealth, type DatabaseHealth } from './database-health.js';
import { lastDiagnose, type DiagnoseRecord } from './diagnose-record.js';

export interface BackupStatus {
  configured: boolean;
  max_age_hours: number | null;
  newest: { id: string; destination: string; created: string; age_seconds: number; too_old: boolean; verified: { level: string; at: string | null } } | null;
  last_drill: { backup: string; destination: string; at: string; ok: boolean; restore_ms: number | null } | null;
  destination_errors: Array<{ name: string; error: string }>;
}

export interface StoreStatus {
  store: { id: string; name: string; timezone: string; config_file: string };
  checked_at: string;
  databases: DatabaseHealth[];
  backup: BackupStatus;
  incidents: IncidentState[];
  /** The last diagnose recorded; null when none ever ran. */
  diagnose: DiagnoseRecord | null;
}

async function backupStatus(config: StoreConfig, now: Date): Promise<BackupStatus> {
  if (!config.backup) return { configured: false, max_age_hours: null, newest: null, last_drill: null, destination_errors: [] };
  const dests = await catalog(config, now);
  // Only a backup this store could restore counts: complete, signed by a trusted key, not future-dated
  // (one whose verification failed is still shown, with that failure).
  const complete = dests.flatMap((d) => d.entries).filter((e) => e.archive && e.sidecar && e.signature.state === 'trusted' && !e.future && e.store === config.store.id).sort((a, b) => b.created.getTime() - a.created.getTime());
  const newest = complete[0];
  const maxAge = config.backup.max_age_hours;
  const drills = [...verificationsByBackup(config.state_dir).values()].flat().filter((v) => v.level === 'drill').sort((a, b) => b.at.localeCompare(a.at));
  const drill = drills[0];
  return {
    configured: true,
    max_age_hours: maxAge,
    newest: newest ? {
      id: newest.id, destination: newest.destination, created: newest.created.toISOString(),
      age_seconds: Math.round((now.getTime() - newest.created.getTime()) / 1000),
      too_old: now.getTime() - newest.created.getTime() > maxAge * 3_600_000,
      verified: { level: newest.verified.level, at: newest.verified.at },
    } : null,
    last_drill: drill ? {
      backup: drill.backup, destination: drill.destination, at: drill.at, ok: drill.ok,
      restore_ms: drill.ok ? Number(drill.details.restore_ms ?? drill.duration_ms) : null,
    } : null,
    destination_errors: dests.filter((d) => d.error).map((d) => ({ name: d.name, error: d.error! })),
  };
}

export async function gatherStatus(config: StoreConfig, lang: Lang, now = new Date()): Promise<StoreStatus> {
  const incidents = IncidentStore.open(config.state_dir);
  let open: IncidentState[];
  try {
    open = incidents.list('open').map((i) => incidentState(i, incidents.events(i.id), now, lang));
  } finally {
    incidents.close();
  }
  // The mapping is about the database reconcile reads by default: the first.
  const cwd = path.dirname(config.configFile);
  const loaded = loadedMapping(config.reconcile.mapping, cwd);
  const query: LastSaleQuery = 'mapping' in loaded ? lastSaleQuery(loaded.mapping, now.getTime(), config.store.timezone)
    : { ok: false, key: path.relative(cwd, config.reconcile.mapping) || config.reconcile.mapping, problem: loaded.problem };
  const lastSale = { query, timeZone: config.store.timezone };
  return {
    store: { id: config.store.id, name: config.store.name, timezone: config.store.timezone, config_file: config.configFile },
    checked_at: now.toISOString(),
    databases: await Promise.all(config.databases.map((d, i) => databaseHealth(d.name, d.path, i === 0 ? lastSale : undefined))),
    backup: await backupStatus(config, now),
    incidents: open,
    diagnose: lastDiagnose(config.state_dir),
  };
}
