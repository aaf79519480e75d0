// A mapping checked against the store database before it is trusted: by config check (every read
// sampled, every write tried in a rolled-back copy of the schema) and by --apply before its
// safety copy or change record (the writes it needs present, and tried the same way), so a bad
// statement is found while nothing has been done. The store database is opened read-only.
import path from 'node:path';
import { configError } from '../core/errors.js';
import { openMapped, prepareRead } from './mapped-db.js';
import { REQUIRED_WRITES, WRITES, type Mapping, type WriteName } from './mapping.js';
import { sampleReads, type Notice, type ReadSample } from './mapping-sample.js';
import { tryWrites } from './mapping-trial.js';
import { mappingWhere } from './mapping-where.js';
import { formatStoreTime } from './store-time.js';

export type ApplyCommand = keyof typeof REQUIRED_WRITES;

export interface MappingCheckInput {
  database: string;
  mapping: Mapping;
  cwd: string;
  timeZone: string;
  now: number;
}

export interface MappingReport {
  file: string;
  database: string;
  queries: ReadSample['queries'];
  /** writes.NAME of every write tried. */
  writes: string[];
  /** The --apply commands this mapping lacks writes for. */
  read_only_for: ApplyCommand[];
  notices: Notice[];
}

const shownDb = (o: MappingCheckInput) => path.relative(o.cwd, o.database) || o.database;

/** The first write `command --apply` needs that the mapping lacks, as a config error. */
export function requireWrites(o: Pick<MappingCheckInput, 'mapping' | 'cwd' | 'database'>, command: ApplyCommand): void {
  const missing = REQUIRED_WRITES[command].filter((n) => o.mapping.writes[n] === undefined);
  if (missing.length === 0) return;
  const where = mappingWhere(o.mapping, `writes.${missing[0]!}`, o.cwd, path.relative(o.cwd, o.database) || o.database);
  throw configError('mapping.writesMissing', { ...where, command, keys: missing.map((n) => `writes.${n}`).join(', ') }, { key: 'hint.mappingWrites' });
}

export function checkMapping(o: MappingCheckInput): MappingReport {
  const store = openMapped(o.database, o.mapping, o.cwd, { write: false });
  try {
    const reads = sampleReads(store, o.timeZone);
    const names = (Object.keys(WRITES) as WriteName[]).filter((n) => o.mapping.writes[n] !== undefined);
    tryWrites(store, names, { sku: reads.product?.sku ?? 'STORE-OPS-CHECK', price: reads.product?.price ?? 1, at: formatStoreTime(o.now, o.timeZone) });
    const readOnlyFor = (Object.keys(REQUIRED_WRITES) as ApplyCommand[]).filter((c) => REQUIRED_WRITES[c].some((n) => o.mapping.writes[n] === undefined));
    const notices = [...reads.notices];
    if (readOnlyFor.length > 0) {
      notices.push({ key: 'mapping.readOnly', params: { file: mappingWhere(o.mapping, 'writes', o.cwd, shownDb(o)).file, commands: readOnlyFor.map((c) => `${c} --apply`).join(', ') } });
    }
    return { file: o.mapping.file, database: o.database, queries: reads.queries, writes: names.map((n) => `writes.${n}`), read_only_for: readOnlyFor, notices };
  } finally {
    store.db.close();
  }
}

/** Before --apply does anything: the writes it needs are there and run in a copy of the schema. */
export function checkApplyWrites(o: MappingCheckInput, command: ApplyCommand, writes: readonly WriteName[]): void {
  requireWrites(o, command);
  const store = openMapped(o.database, o.mapping, o.cwd, { write: false });
  try {
    const product = prepareRead(store, 'products').get() as { sku?: unknown; price?: unknown } | undefined;
    const sku = product?.sku === undefined || product.sku === null ? 'STORE-OPS-CHECK' : String(product.sku);
    tryWrites(store, writes, { sku, price: typeof product?.price === 'number' ? product.price : 1, at: formatStoreTime(o.now, o.timeZone) });
  } finally {
    store.db.close();
  }
}
