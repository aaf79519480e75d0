// Makes a validated config usable: every path absolute (relative to the config file's folder),
// globs kept as absolute patterns, the file's own location remembered.
import path from 'node:path';
import type { RawConfig, RawFleetConfig, RawFleetOnlyConfig } from './schema.js';
import { PUBLIC_KEY_LINE } from '../../signing/minisign.js';

export interface ResolvedLog {
  path: string;
  encoding: 'utf-8' | 'gb18030';
}

/** A journal or manual-records glob (absolute) and the encoding its files are read in. */
export type ResolvedInput = ResolvedLog;

export type StoreConfig = Omit<RawConfig, 'logs' | 'journals' | 'manual_records'> & {
  configFile: string;
  configDir: string;
  logs: ResolvedLog[];
  journals: ResolvedInput[];
  manual_records: ResolvedInput[];
};

/** HQ's config without a store: only what `fleet status` reads. */
export interface FleetOnlyConfig {
  fleetOnly: true;
  configFile: string;
  configDir: string;
  fleet: RawFleetConfig;
}

export type LoadedConfig = StoreConfig | FleetOnlyConfig;

export const isFleetOnlyConfig = (c: LoadedConfig): c is FleetOnlyConfig => 'fleetOnly' in c;

/** Signer files named by path are relative to the config file, like every path in it. */
function resolveFleet(fleet: RawFleetConfig, configDir: string): RawFleetConfig {
  const abs = (s: string) => (PUBLIC_KEY_LINE.test(s) ? s : path.resolve(configDir, s));
  return {
    ...fleet,
    trusted_signers: fleet.trusted_signers.map(abs),
    stores: Object.fromEntries(Object.entries(fleet.stores).map(([id, keys]) => [id, keys.map(abs)])),
  };
}

export function resolveFleetOnly(raw: RawFleetOnlyConfig, configFile: string): FleetOnlyConfig {
  const configDir = path.dirname(configFile);
  return { fleetOnly: true, configFile, configDir, fleet: resolveFleet(raw.fleet, configDir) };
}

export function resolveConfig(raw: RawConfig, configFile: string): StoreConfig {
  const configDir = path.dirname(configFile);
  const abs = (p: string) => path.resolve(configDir, p);
  const isFolder = (p: string) => p.endsWith('/') || p.endsWith(path.sep);
  const absKeepSlash = (p: string) => (isFolder(p) ? abs(p) + path.sep : abs(p));
  return {
    ...raw,
    configFile,
    configDir,
    databases: raw.databases.map((db) => ({ ...db, path: abs(db.path) })),
    files: raw.files.map(absKeepSlash),
    logs: raw.logs.map((l) => ({ ...l, path: abs(l.path) })),
    log_signatures: raw.log_signatures.map(abs),
    journals: raw.journals.map((j) => ({ ...j, path: abs(j.path) })),
    manual_records: raw.manual_records.map((m) => ({ ...m, path: abs(m.path) })),
    probes: {
      ...raw.probes,
      service: raw.probes.service?.pid_file ? { ...raw.probes.service, pid_file: abs(raw.probes.service.pid_file) } : raw.probes.service,
    },
    backup: raw.backup && {
      ...raw.backup,
      identity: raw.backup.identity ? abs(raw.backup.identity) : undefined,
      destinations: raw.backup.destinations.map((d) => (d.type === 'dir' ? { ...d, path: abs(d.path) } : d)),
      metrics_file: raw.backup.metrics_file ? abs(raw.backup.metrics_file) : undefined,
      snapshot_dir: raw.backup.snapshot_dir ? abs(raw.backup.snapshot_dir) : undefined,
      signing_key: raw.backup.signing_key ? abs(raw.backup.signing_key) : undefined,
      trusted_signers: raw.backup.trusted_signers.map((s) => (PUBLIC_KEY_LINE.test(s) ? s : abs(s))),
    },
    fleet: raw.fleet && resolveFleet(raw.fleet, configDir),
    reconcile: {
      mapping: raw.reconcile.mapping === 'builtin' ? 'builtin' : abs(raw.reconcile.mapping),
    },
    state_dir: abs(raw.state_dir),
  };
}
