// How one backup reads to a person, wherever backups are listed (backup list, the restore picker):
// its time on the store's clock with the zone, its age and its verified state in the user's
// language, never a negative age (a future-dated backup says so).
import type { CatalogEntry } from '../backup/catalog.js';
import { isoInZone } from '../checks/store-time.js';
import type { Context } from '../core/context.js';
import type { MessageKey, MessageParams } from '../core/i18n.js';
import { formatDuration } from '../runbook/duration.js';

/** "2026-11-21 22:30 +08:00": the store's wall clock, with its offset. */
export function storeClock(ms: number, timeZone: string): string {
  const iso = isoInZone(ms, timeZone);
  return `${iso.slice(0, 16).replace('T', ' ')} ${iso.slice(19)}`;
}

export function backupAge(ctx: Context, e: CatalogEntry, now: number): string {
  const ms = now - e.created.getTime();
  return e.future || ms < 0 ? ctx.t('list.inFuture') : formatDuration(ms, ctx.lang);
}

export function verifiedLabel(ctx: Context, e: CatalogEntry, timeZone: string): string {
  const v = e.verified;
  const level = ctx.t(`list.verified.${v.level}`);
  if (v.level === 'never') return level;
  const when = v.at ? ` ${storeClock(Date.parse(v.at), timeZone)}` : '';
  const drill = v.restore_ms !== null && v.level === 'drill' ? ctx.t('list.drillTime', { seconds: (v.restore_ms / 1000).toFixed(1) }) : '';
  return `${level}${when}${drill}`;
}

// An instant as the core passes it in message parameters (ISO 8601, UTC or with an offset).
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** Message parameters from the core with every instant in them moved onto the store's clock. */
export function paramsOnStoreClock(params: MessageParams, timeZone: string): MessageParams {
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = typeof value === 'string' && INSTANT.test(value) ? storeClock(Date.parse(value), timeZone) : value;
  }
  return out;
}

/** A reason the core gave (a key and its parameters) in the user's language, its times on the store's clock. */
export function reasonText(ctx: Context, r: { key: MessageKey; params?: MessageParams }, timeZone: string): string {
  return ctx.t(r.key, paramsOnStoreClock(r.params ?? {}, timeZone));
}
