// Retention: which backups to keep and which may go, then removing them. The planner is pure and
// follows restic's `forget --keep-daily/weekly/monthly`: walking complete backups newest first, a
// backup is kept for a rule when it is the newest of a calendar period (in the store's time zone,
// so a backup at 23:30 UTC belongs to the next day in Shanghai) that the rule has not covered yet,
// until the rule has covered N periods. On top of that, the newest deep-verified backup and the
// last complete backup are never removed. Anything with a problem is left alone for a person:
// prune deletes only what it fully understands. Removal takes the sidecar first, so a removal
// cut short leaves an archive that lists as incomplete, never one that lists as good.
import { describeCause, failure } from '../core/errors.js';
import type { CatalogEntry } from './catalog.js';
import { placeIn, type Destination } from './destination.js';

export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

type PeriodRule = keyof Retention;

export type KeepReason = { rule: PeriodRule; period: string } | { rule: 'verified' | 'only' };

export interface KeptBackup {
  entry: CatalogEntry;
  reasons: KeepReason[];
}

export interface PrunePlan {
  keep: KeptBackup[];
  remove: CatalogEntry[];
  /**
   * Incomplete, mismatched, failed, unsigned, forged, untrusted or future-dated backups: never
   * removed here and never counted, so forgeries dated ahead cannot push genuine backups out.
   */
  leftAlone: CatalogEntry[];
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localTimeReader(timezone: string): (date: Date) => LocalTime {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  return (date) => {
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, Number(p.value)]));
    return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), e.g. 2026-W47. */
function isoWeek(t: LocalTime): string {
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}

function periodOf(rule: PeriodRule, t: LocalTime): string {
  if (rule === 'daily') return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
  if (rule === 'weekly') return isoWeek(t);
  return `${t.year}-${pad(t.month)}`;
}

const RULES: readonly PeriodRule[] = ['daily', 'weekly', 'monthly'];

export function planPrune(entries: readonly CatalogEntry[], retention: Retention, timezone: string): PrunePlan {
  const localTime = localTimeReader(timezone);
  const newestFirst = [...entries].sort((a, b) => b.created.getTime() - a.created.getTime() || b.base.localeCompare(a.base));
  const complete = newestFirst.filter((e) => e.good);
  const reasons = new Map<CatalogEntry, KeepReason[]>(complete.map((e) => [e, []]));

  const left = { ...retention };
  const covered: Record<PeriodRule, Set<string>> = { daily: new Set(), weekly: new Set(), monthly: new Set() };
  for (const entry of complete) {
    const t = localTime(entry.created);
    for (const rule of RULES) {
      const period = periodOf(rule, t);
      if (left[rule] <= 0 || covered[rule].has(period)) continue;
      covered[rule].add(period);
      left[rule]--;
      reasons.get(entry)!.push({ rule, period });
    }
  }
  const verified = complete.find((e) => e.verified.level === 'deep' || e.verified.level === 'drill');
  if (verified) reasons.get(verified)!.push({ rule: 'verified' });
  const newest = complete[0];
  if (newest && complete.every((e) => reasons.get(e)!.length === 0)) reasons.get(newest)!.push({ rule: 'only' });

  return {
    keep: complete.filter((e) => reasons.get(e)!.length > 0).map((entry) => ({ entry, reasons: reasons.get(entry)! })),
    remove: complete.filter((e) => reasons.get(e)!.length === 0),
    leftAlone: newestFirst.filter((e) => !e.good),
  };
}

/** The stable, language-neutral form used in --json and the audit log: "daily 2026-11-20". */
export function reasonLabel(r: KeepReason): string {
  if ('period' in r) return `${r.rule} ${r.period}`;
  return r.rule === 'verified' ? 'newest deep-verified' : 'only backup';
}

/** The files of a backup in the order they are removed: sidecar first, then its signature, archive last. */
export function filesOf(entry: CatalogEntry): string[] {
  return [`${entry.base}.json`, ...(entry.signatureFile ? [entry.signatureFile] : []), ...(entry.archive ? [entry.archive.name] : [])];
}

/**
 * Removes every backup the plan lets go, reporting each file as it goes so the caller's record
 * of what was deleted is right even when a later removal fails.
 */
export async function applyPrune(destination: Destination, plan: PrunePlan, onRemoved: (file: string) => void = () => undefined): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of plan.remove) {
    for (const file of filesOf(entry)) {
      try {
        await destination.remove(file);
      } catch (err) {
        throw failure('prune.removeFailed', { file: placeIn(destination.location, file), problem: describeCause(err) }, { key: 'hint.pruneRemove' });
      }
      removed.push(file);
      onRemoved(file);
    }
  }
  return removed;
}
