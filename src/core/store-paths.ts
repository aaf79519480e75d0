// What is the store's own data, as the config names it: the databases with their -wal, -shm and
// -journal files, the register journals, manual records and logs (globs), the configured files,
// the backup destinations, the state folder, the config file and the key files (the age identity,
// the signing key and its public half). Reports, metrics, backups and store-ops' state must never
// land on any of it; this module answers "which piece of store data is at, around or inside this
// path". Paths are compared as written and with links resolved, so a link into the store (or out
// of it) hides nothing.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';
import type { StoreConfig } from './config/resolve.js';

export type AreaKind = 'database' | 'journals' | 'manual' | 'logs' | 'files' | 'destination' | 'state' | 'config' | 'key' | 'metrics';

export interface StoreArea {
  kind: AreaKind;
  /** The config key that names it: ['databases', 0, 'path']. Empty for the config file itself. */
  at: PropertyKey[];
  /** A file, a folder, or a glob's static base folder. */
  path: string;
  shape: 'file' | 'folder' | 'glob';
  /** A database's own file and the files SQLite keeps beside it. */
  files?: string[];
  /** A glob as configured (absolute), for messages. */
  pattern?: string;
  /** The glob's dynamic part, relative to `path`. */
  glob?: string;
}

export type Relation = 'is' | 'contains' | 'inside';

export interface Overlap {
  area: StoreArea;
  relation: Relation;
  /** The piece of store data that was hit: the database file, the glob, the folder. */
  hit: string;
}

const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

const isFolderPath = (p: string) => p.endsWith('/') || p.endsWith(path.sep);

function shapeOnDisk(p: string): 'file' | 'folder' {
  if (isFolderPath(p)) return 'folder';
  try {
    return statSync(p).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'file';
  }
}

export function storeAreas(config: StoreConfig): StoreArea[] {
  const areas: StoreArea[] = [];
  config.databases.forEach((db, i) => {
    areas.push({ kind: 'database', at: ['databases', i, 'path'], path: db.path, shape: 'file', files: [db.path, ...SQLITE_COMPANIONS.map((s) => db.path + s)] });
  });
  const glob = (kind: AreaKind, at: PropertyKey[], pattern: string) => {
    areas.push({ kind, at, shape: 'glob', pattern, ...splitGlob(pattern, config.configDir) });
  };
  config.journals.forEach((j, i) => glob('journals', ['journals', i], j.path));
  config.manual_records.forEach((m, i) => glob('manual', ['manual_records', i], m.path));
  config.logs.forEach((l, i) => glob('logs', ['logs', i, 'path'], l.path));
  config.files.forEach((p, i) => areas.push({ kind: 'files', at: ['files', i], path: stripSlash(p), shape: shapeOnDisk(p) }));
  config.backup?.destinations.forEach((d, i) => {
    if (d.type === 'dir') areas.push({ kind: 'destination', at: ['backup', 'destinations', i, 'path'], path: d.path, shape: 'folder' });
  });
  areas.push({ kind: 'state', at: ['state_dir'], path: config.state_dir, shape: 'folder' });
  areas.push({ kind: 'config', at: ['--config'], path: config.configFile, shape: 'file' });
  if (config.backup?.identity) areas.push({ kind: 'key', at: ['backup', 'identity'], path: config.backup.identity, shape: 'file' });
  if (config.backup?.signing_key) {
    areas.push({ kind: 'key', at: ['backup', 'signing_key'], path: config.backup.signing_key, shape: 'file', files: [config.backup.signing_key, `${config.backup.signing_key}.pub`] });
  }
  if (config.backup?.metrics_file) areas.push({ kind: 'metrics', at: ['backup', 'metrics_file'], path: config.backup.metrics_file, shape: 'file' });
  return areas;
}

/**
 * A glob's static folder and the pattern below it. The config's folder is static whatever its
 * name ("shop (1)", "shop[2]" would otherwise read as glob syntax), so only what the config
 * wrote after it is searched for glob characters.
 */
function splitGlob(pattern: string, configDir: string): { path: string; glob: string } {
  const prefix = within(pattern, configDir) ? configDir : path.parse(pattern).root;
  const parts = path.relative(prefix, pattern).split(path.sep);
  let magic = parts.findIndex((p) => isDynamicPattern(p));
  if (magic < 0) magic = parts.length - 1;
  return { path: path.join(prefix, ...parts.slice(0, magic)), glob: parts.slice(magic).join('/') };
}

export function stripSlash(p: string): string {
  return p.replace(/[\\/]+$/, '') || p;
}

/** `child` is `parent` or lies somewhere below it. */
export function within(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The path with every link resolved, as far as it exists; the rest appended as written. */
export function resolvedPath(p: string): string {
  const missing: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    if (existsSync(at) || isLink(at)) {
      try {
        return path.join(realpathSync.native(at), ...missing.reverse());
      } catch {
        return path.join(at, ...missing.reverse());
      }
    }
    const up = path.dirname(at);
    if (up === at) return path.resolve(p);
    missing.push(path.basename(at));
    at = up;
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const variants = (p: string) => [...new Set([path.resolve(stripSlash(p)), resolvedPath(stripSlash(p))])];

/**
 * How `target` (a file or folder store-ops would write, or back up) meets the store's data:
 * `is` it, `contains` it, or lies `inside` it. The first area that overlaps wins, in the order
 * storeAreas lists them (databases first, so `files: ["./"]` names the database).
 */
export function overlapOf(target: string, shape: 'file' | 'folder', areas: readonly StoreArea[]): Overlap | undefined {
  const targets = variants(target);
  for (const area of areas) {
    for (const t of targets) {
      const found = meet(t, shape, area);
      if (found) return found;
    }
  }
  return undefined;
}

function meet(t: string, shape: 'file' | 'folder', area: StoreArea): Overlap | undefined {
  if (area.shape === 'glob') return meetGlob(t, shape, area);
  for (const file of area.files ?? [area.path]) {
    for (const a of variants(file)) {
      if (t === a) return { area, relation: 'is', hit: file };
      if (area.shape === 'folder' && within(t, a)) return { area, relation: 'inside', hit: area.path };
      if (shape === 'folder' && within(a, t)) return { area, relation: 'contains', hit: file };
    }
  }
  return undefined;
}

function meetGlob(t: string, shape: 'file' | 'folder', area: StoreArea): Overlap | undefined {
  const glob = area.glob!;
  const hit = area.pattern!;
  for (const base of variants(area.path)) {
    if (!within(t, base)) {
      if (shape === 'folder' && within(base, t)) return { area, relation: 'contains', hit };
      continue;
    }
    const below = path.relative(base, t).split(path.sep);
    if (shape === 'file' && matches(glob, below.join('/'), area.kind === 'logs')) return { area, relation: 'is', hit };
    if (shape === 'folder' && (below[0] === '' || mayHoldMatches(below, glob.split('/')))) {
      return { area, relation: below[0] === '' ? 'contains' : 'inside', hit };
    }
  }
  return undefined;
}

function matches(glob: string, file: string, rotated: boolean): boolean {
  // Logs are read with their rotated copies (pos.log.1, pos.log-20261121) too.
  const globs = rotated ? [glob, `${glob}.*`, `${glob}-*`] : [glob];
  return picomatch(globs, { dot: true })(file);
}

/** Could a file below the folder `segments` (relative to the glob's base) match the glob's `rest`? */
function mayHoldMatches(segments: string[], rest: string[]): boolean {
  if (rest.some((r) => r.includes('**'))) return true;
  if (segments.length >= rest.length) return false;
  return segments.every((s, i) => picomatch(rest[i]!, { dot: true })(s));
}
