// cron reads its five time fields on the machine's clock, while the store closes by its own:
// a store time has to be converted, and where either zone keeps daylight saving time the
// conversion changes twice a year. Debian's cron (and busybox's) ignores CRON_TZ, so a line
// cannot name the store's zone; instead it fires at every machine time the store time can
// fall on, behind a guard that asks `date` for the store's clock and lets one run through.
import { fromLocal, zoneOffset } from '../checks/store-time.js';
import { shellQuote } from '../core/pasteable.js';

const DAY_MS = 24 * 60 * 60_000;
/** A year ahead from today holds every offset change of every zone that has them. */
const DAYS_AHEAD = 366;

export interface MachinePeriod {
  /** First store-local date (YYYY-MM-DD) on which the store time falls on this machine time. */
  from: string;
  /** The machine's weekday minus the store's: -1, 0 or 1. */
  dayShift: number;
  /** Minutes after midnight on the machine's clock. */
  minute: number;
}

/**
 * Where `storeMinute` (minutes after midnight in `storeZone`) falls on `machineZone`'s clock,
 * day by day for a year from `now`, as one period per change (a single period when the two
 * zones keep the same distance all year).
 */
export function machinePeriods(storeMinute: number, storeZone: string, machineZone: string, now: number): MachinePeriod[] {
  const today = new Date(now + zoneOffset(now, storeZone));
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const periods: MachinePeriod[] = [];
  for (let i = 0; i < DAYS_AHEAD; i++) {
    const day = new Date(first + i * DAY_MS);
    const instant = fromLocal(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(storeMinute / 60), storeMinute % 60, 0, 0, storeZone);
    const machine = new Date(instant + zoneOffset(instant, machineZone));
    const machineDay = Date.UTC(machine.getUTCFullYear(), machine.getUTCMonth(), machine.getUTCDate());
    const dayShift = Math.round((machineDay - day.getTime()) / DAY_MS);
    const minute = machine.getUTCHours() * 60 + machine.getUTCMinutes();
    const last = periods[periods.length - 1];
    if (last && last.dayShift === dayShift && last.minute === minute) continue;
    periods.push({ from: day.toISOString().slice(0, 10), dayShift, minute });
  }
  return periods;
}

export interface CronTimeFields {
  minute: string;
  hour: string;
  weekday: string;
  /** Shell test that is true only at the store time; undefined when the machine time never changes. */
  guard: string | undefined;
}

const list = (values: number[]) => [...new Set(values)].sort((a, b) => a - b).join(',');
const weekdayOf = (day: number, shift: number) => (day + shift + 7) % 7;

/**
 * The cron time fields for a job at a store time, every day (`storeWeekday` undefined) or once a
 * week (0 = Sunday, as cron counts). With more than one period the fields are the union of every
 * period's minutes, hours and weekdays, so some of the times they allow are never the store
 * time; the guard turns those away.
 */
export function cronTimeFields(periods: readonly MachinePeriod[], storeMinute: number, storeZone: string, storeWeekday?: number): CronTimeFields {
  const minute = list(periods.map((p) => p.minute % 60));
  const hour = list(periods.map((p) => Math.floor(p.minute / 60)));
  const weekday = storeWeekday === undefined ? '*' : list(periods.map((p) => weekdayOf(storeWeekday, p.dayShift)));
  if (periods.length < 2) return { minute, hour, weekday, guard: undefined };
  const clock = `${String(Math.floor(storeMinute / 60)).padStart(2, '0')}:${String(storeMinute % 60).padStart(2, '0')}`;
  // %w counts Sunday as 0, like cron's weekday field.
  const [format, expected] = storeWeekday === undefined ? ['+%H:%M', clock] : ['+%w %H:%M', `${storeWeekday} ${clock}`];
  return { minute, hour, weekday, guard: `[ "$(TZ=${shellQuote(storeZone)} date '${format}')" = '${expected}' ]` };
}

/** The machine weekday (0 = Sunday) of a weekly job in a period. */
export const machineWeekday = (storeWeekday: number, p: MachinePeriod) => weekdayOf(storeWeekday, p.dayShift);
