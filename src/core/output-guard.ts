// --out FILE of the report commands (reconcile sales/stock, diagnose --format prometheus,
// runbook report): decided before any work is done, so a refusal changes nothing. The file may
// not be the store's data (its database, journals, records, logs, backed-up files, backups, the
// state folder, the config, a key). An existing file is replaced only when it is a store-ops
// report already (so cron can rewrite its metrics every minute) or with --force; the write
// itself is atomic and replaces a planted link rather than following it (core/atomic.ts).
import { closeSync, constants, lstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { StoreConfig } from './config/resolve.js';
import { usageError } from './errors.js';
import { keyPath } from './config/describe-issue.js';
import { overlapOf, storeAreas, type Overlap } from './store-paths.js';

export interface OutputRequest {
  /** As the user typed it, for messages. */
  given: string;
  cwd: string;
  force: boolean;
  /** The command words, for hints: "reconcile sales". */
  command: string;
  /** A file name to suggest when the one given is refused. */
  suggest: string;
  /** Recognises a report store-ops wrote, from its first bytes. */
  isOwnReport: (head: string) => boolean;
}

/** The absolute path to write, or a usage error saying why not. */
export function checkOutput(config: StoreConfig, req: OutputRequest): string {
  const file = path.resolve(req.cwd, req.given);
  const hit = overlapOf(file, 'file', storeAreas(config));
  if (hit) {
    const shown = (p: string) => path.relative(req.cwd, p) || p;
    const what = hit.area.kind === 'database' ? hit.area.path : hit.area.pattern ?? hit.hit;
    throw usageError(refusalKey(hit), { out: req.given, key: keyPath(hit.area.at), hit: shown(what) },
      { key: 'hint.outElsewhere', params: { command: req.command, name: req.suggest } });
  }
  let info;
  try {
    info = lstatSync(file);
  } catch {
    return file;
  }
  if (!info.isFile() && !info.isSymbolicLink()) throw usageError('out.notAFile', { out: req.given });
  if (req.force || (info.isFile() && req.isOwnReport(head(file)))) return file;
  throw usageError('out.exists', { out: req.given }, { key: 'hint.outForce', params: { command: req.command, out: req.given } });
}

function refusalKey(hit: Overlap) {
  if (hit.area.kind === 'database') return hit.hit === hit.area.path ? 'out.database' : 'out.databaseFile';
  return `out.${hit.area.kind}` as const;
}

function head(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(512);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
