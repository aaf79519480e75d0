// Which backup a restore uses: an id, the newest (--latest, trying older ones when the newest
// fails verification), or the newest taken before a moment (--before), e.g. the last one before
// the corruption began. Only complete backups of this store signed by a trusted key are candidates
// (with --allow-unsigned, unsigned ones too); a newer forgery is passed over, never restored.
import type { CatalogEntry, DestinationCatalog } from '../backup/catalog.js';
import { admissible, findEntry } from '../backup/catalog.js';
import { untrustedRefusal } from '../backup/trust-refusal.js';
import type { StoreConfig } from '../core/config/load.js';
import { usageError } from '../core/errors.js';

export interface Choice {
  id?: string;
  latest?: boolean;
  before?: Date;
}

/** This store's backups, newest first, one copy each (the first destination's); `all` keeps incomplete ones too. */
export function candidates(catalogs: readonly DestinationCatalog[], store: string, all = false, allowUnsigned = false): CatalogEntry[] {
  const seen = new Set<string>();
  const out: CatalogEntry[] = [];
  for (const e of catalogs.flatMap((d) => d.entries).filter((e) => (all || admissible(e, allowUnsigned)) && e.store === store).sort((a, b) => b.created.getTime() - a.created.getTime())) {
    if (seen.has(e.base)) continue;
    seen.add(e.base);
    out.push(e);
  }
  return out;
}

/** The entries to try, in order; the first that passes verification is restored. */
export function choose(all: readonly CatalogEntry[], choice: Choice, where: string, config: StoreConfig, allowUnsigned = false): CatalogEntry[] {
  if (choice.id !== undefined) {
    // An explicit id is looked up among every backup, damaged ones too: refusing it with the
    // reason is more useful than saying it does not exist.
    const e = findEntry(all, choice.id);
    if (!e) throw usageError('restore.notFound', { id: choice.id, destinations: where }, { key: 'hint.backupList' });
    const refusal = untrustedRefusal(e, allowUnsigned, config, 'restore');
    if (refusal) throw refusal;
    return [e];
  }
  const inWindow = (e: CatalogEntry) => !choice.before || e.created.getTime() < choice.before.getTime();
  const pool = all.filter((e) => admissible(e, allowUnsigned) && inWindow(e));
  const distrusted = all.filter((e) => e.intact && !admissible(e, allowUnsigned) && inWindow(e)).length;
  if (pool.length === 0 && distrusted > 0) {
    throw usageError('trust.noneTrusted', { destinations: where, count: distrusted }, { key: 'hint.noneTrusted', params: { config: config.configFile } });
  }
  if (pool.length === 0) {
    throw usageError(choice.before ? 'restore.noneBefore' : 'restore.noBackups', { before: choice.before?.toISOString() ?? '', destinations: where }, { key: 'hint.backupList' });
  }
  return pool;
}

/**
 * A moment given by a person: ISO 8601 with an offset, or "YYYY-MM-DD HH:MM[:SS]" in the store's
 * time zone (what staff read off the wall clock), or a date alone (midnight there).
 */
export function parseStoreTime(text: string, timeZone: string): Date | undefined {
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(text.trim())) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Date.UTC carries 25:99 into the next day; a person who typed it made a typo, not a date.
  const back = new Date(asUtc);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(s)) return undefined;
  const offset = zoneOffsetMs(asUtc, timeZone);
  return new Date(asUtc - zoneOffsetMs(asUtc - offset, timeZone));
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - (utcMs - (utcMs % 1000));
}
