// The config check every command runs (through loadConfigFile): what store-ops writes or backs
// up never overlaps the store's own data. A backup that takes in the live database raw, a state
// folder inside the backups, or a metrics file on the database each end with the store's data
// overwritten, so they are config errors (exit 2) naming file:line, the key and what it hits.
// Also: a configured folder inside the store that is a link leading out of it is refused, so a
// planted link cannot send a restore or store-ops' state somewhere else.
import path from 'node:path';
import { configError } from '../errors.js';
import { overlapOf, resolvedPath, storeAreas, stripSlash, within, type AreaKind, type StoreArea } from '../store-paths.js';
import { keyPath } from './describe-issue.js';
import { keyLocation } from './load.js';
import type { StoreConfig } from './resolve.js';

interface Writer {
  at: PropertyKey[];
  path: string;
  shape: 'file' | 'folder';
  /** The store data it must stay apart from. */
  against: AreaKind[];
}

const STORE_DATA: AreaKind[] = ['database', 'journals', 'manual'];

export function checkStorePaths(config: StoreConfig, text: string, shown: string): void {
  const where = (at: PropertyKey[]) => keyLocation(text, shown, at);
  const show = (p: string) => shownPath(p, config.configDir);
  for (const [at, configured] of linkCandidates(config)) {
    const target = leadsOutside(configured, config.configDir);
    if (target) {
      throw configError('paths.linkOutside', { file: where(at), key: keyPath(at), path: show(configured), target, store: config.configDir },
        { key: 'hint.linkOutside', params: { target, config: config.configFile } });
    }
  }
  const areas = storeAreas(config);
  for (const w of writers(config, areas)) {
    const others = areas.filter((a) => w.against.includes(a.kind) && keyPath(a.at) !== keyPath(w.at));
    const hit = overlapOf(w.path, w.shape, others);
    if (!hit) continue;
    throw configError(`paths.${hit.relation}`, {
      file: where(w.at), key: keyPath(w.at), path: show(w.path), hit: show(hit.area.pattern ?? hit.hit), other: keyPath(hit.area.at),
    }, { key: 'hint.paths', params: { key: keyPath(w.at), config: config.configFile } });
  }
}

/**
 * Ordered so the key at fault is named: a destination inside the state folder, or over the whole
 * store, names the destination.
 */
function writers(config: StoreConfig, areas: StoreArea[]): Writer[] {
  const out: Writer[] = [];
  config.backup?.destinations.forEach((d, i) => {
    if (d.type === 'dir') out.push({ at: ['backup', 'destinations', i, 'path'], path: d.path, shape: 'folder', against: [...STORE_DATA, 'logs', 'state'] });
  });
  for (const a of areas.filter((x) => x.kind === 'files')) {
    out.push({ at: a.at, path: a.path, shape: a.shape === 'folder' ? 'folder' : 'file', against: [...STORE_DATA, 'destination', 'state'] });
  }
  if (config.backup?.metrics_file) {
    out.push({ at: ['backup', 'metrics_file'], path: config.backup.metrics_file, shape: 'file', against: [...STORE_DATA, 'logs', 'files', 'destination', 'state', 'config', 'key'] });
  }
  out.push({ at: ['state_dir'], path: config.state_dir, shape: 'folder', against: [...STORE_DATA, 'logs'] });
  return out;
}

function linkCandidates(config: StoreConfig): Array<[PropertyKey[], string]> {
  return [...config.files.map((f, i): [PropertyKey[], string] => [['files', i], f]), [['state_dir'], config.state_dir]];
}

/** Where a folder configured inside the store really leads, when a link takes it outside. */
function leadsOutside(configured: string, configDir: string): string | undefined {
  const written = path.resolve(stripSlash(configured));
  if (!within(written, configDir)) return undefined;
  const real = resolvedPath(written);
  return within(real, resolvedPath(configDir)) ? undefined : real;
}

function shownPath(p: string, configDir: string): string {
  const rel = path.relative(configDir, p);
  if (rel === '') return './';
  return within(p, configDir) ? `./${rel}${p.endsWith(path.sep) ? path.sep : ''}` : p;
}
