// What `store-ops init` writes, computed from answers (flags or prompts) before anything is
// written: defaults for what was not given, and the same validation every command applies.
import path from 'node:path';
import { usageError } from '../errors.js';
import type { InitialConfig } from './template.js';

export interface InitAnswers {
  storeId?: string;
  storeName?: string;
  timezone?: string;
  openingHours?: string;
  databases?: string[];
  recipients?: string[];
  identity?: string;
  backupDir?: string;
  stateDir?: string;
  signingKey?: string;
  journals?: string[];
  manualRecords?: string[];
  /** reconcile.mapping: a mapping file for a store system with its own schema. */
  mapping?: string;
}

/** `main=./store.db` or just `./store.db` (named after the file). */
export function parseDatabaseArg(arg: string): { name: string; path: string } {
  const eq = arg.indexOf('=');
  if (eq > 0) return { name: arg.slice(0, eq), path: arg.slice(eq + 1) };
  const base = path.basename(arg).replace(/\.(db|sqlite3?|sdb)$/i, '');
  return { name: base.replace(/[^A-Za-z0-9_-]/g, '_') || 'main', path: arg };
}

/** Where init puts the store's signing key when no --signing-key is given, relative to the config. */
export const DEFAULT_SIGNING_KEY = './keys/signing.key';

export function planInitialConfig(a: InitAnswers): InitialConfig {
  if (!a.storeId) throw usageError('init.missingFlag', { flag: '--store-id' }, { key: 'hint.initFlags' });
  if (!a.storeName) throw usageError('init.missingFlag', { flag: '--store-name' }, { key: 'hint.initFlags' });
  if (!a.databases || a.databases.length === 0) throw usageError('init.missingFlag', { flag: '--database' }, { key: 'hint.initFlags' });
  const recipients = (a.recipients ?? []).map((r) => r.trim()).filter(Boolean);
  return {
    store: {
      id: a.storeId,
      name: a.storeName,
      timezone: a.timezone || 'Asia/Shanghai',
      opening_hours: a.openingHours || '07:00-22:00',
    },
    databases: a.databases.map(parseDatabaseArg),
    files: [],
    logs: [],
    journals: a.journals ?? [],
    manual_records: a.manualRecords ?? [],
    ...(recipients.length > 0
      ? {
          backup: {
            recipients,
            ...(a.identity ? { identity: a.identity } : {}),
            signing_key: a.signingKey || DEFAULT_SIGNING_KEY,
            destinations: [{ name: 'local', type: 'dir' as const, path: a.backupDir || './backups' }],
            retention: { daily: 7, weekly: 4, monthly: 12 },
            max_age_hours: 26,
          },
        }
      : {}),
    ...(a.mapping ? { reconcile: { mapping: a.mapping } } : {}),
    state_dir: a.stateDir || './.store-ops',
  };
}
