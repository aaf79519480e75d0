// Which store database reconcile works on, and the mapping to read it with: the first database of
// the config unless --db names another (a store may keep, say, loyalty data in a second one).
import type { StoreConfig } from '../core/config/load.js';
import { usageError } from '../core/errors.js';
import { loadMapping } from './mapping-load.js';
import type { Mapping } from './mapping.js';

export interface Target {
  database: string;
  mapping: Mapping;
}

export function reconcileTarget(config: StoreConfig, dbName: string | undefined, cwd: string): Target {
  const db = dbName === undefined ? config.databases[0]! : config.databases.find((d) => d.name === dbName);
  if (!db) throw usageError('reconcile.unknownDb', { name: dbName!, names: config.databases.map((d) => d.name).join(', ') });
  return { database: db.path, mapping: loadMapping(config.reconcile.mapping, cwd) };
}
