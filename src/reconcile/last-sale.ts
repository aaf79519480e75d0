// The newest sale, read through the reconcile mapping for diagnose and status: the mapping's
// `last_sale` query when it has one (the built-in one reads max(at) along the index on
// sales.at), otherwise the newest `at` that `sales_between` gives for the last LAST_SALE_DAYS, a
// window the mapping's own time filter keeps small on a large sales table. What cannot be read
// (a broken mapping, a query the database cannot run) is said as such, never taken for a
// database that cannot be opened.
import { describeCause } from '../core/errors.js';
import { loadMapping } from './mapping-load.js';
import type { Mapping } from './mapping.js';
import type { LastSaleQuery } from './last-sale-read.js';
import { formatStoreTime } from './store-time.js';

export const LAST_SALE_DAYS = 7;

export function loadedMapping(setting: string, cwd: string): { mapping: Mapping } | { key: string; problem: string } {
  try {
    return { mapping: loadMapping(setting, cwd) };
  } catch (err) {
    return { key: 'reconcile.mapping', problem: describeCause(err) };
  }
}

export function lastSaleQuery(mapping: Mapping, now: number, timeZone: string): LastSaleQuery {
  const own = mapping.queries.last_sale;
  if (own !== undefined) return { ok: true, key: 'queries.last_sale', sql: own, params: {}, days: null };
  const between = mapping.queries.sales_between;
  if (between === undefined) return { ok: false, key: 'queries.sales_between', problem: 'missing' };
  return {
    ok: true, key: 'queries.sales_between', sql: `SELECT max(at) AS at FROM (${between})`, days: LAST_SALE_DAYS,
    params: { from: formatStoreTime(now - LAST_SALE_DAYS * 86_400_000, timeZone), to: formatStoreTime(now, timeZone) },
  };
}
