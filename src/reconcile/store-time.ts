// Times as the store's database keeps them: ISO 8601 in the store's own UTC offset
// (2026-11-21T14:02:11+08:00). Every time reconcile writes or compares as text goes through here,
// because SQL compares these strings, and a "Z" time among "+08:00" ones would sort wrongly.
import { parseStoreTime } from '../restore/choose.js';

const two = (n: number) => String(n).padStart(2, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/** The zone's UTC offset at that moment. Zones change offset only on quarter hours, so it is cached per quarter hour: journals hold 100 000s of times. */
export function offsetMinutes(ms: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(ms / QUARTER_HOUR)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((asUtc - (ms - (ms % 1000))) / 60_000);
  offsets.set(key, offset);
  return offset;
}

export function formatStoreTime(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset >= 0 ? '+' : '-'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** The moment a wall-clock time (given as if it were UTC) is in the zone: the offset of the moment itself, so a time next to a change of offset lands right. */
export function localToMs(asUtc: number, timeZone: string): number {
  const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
  return asUtc - offsetMinutes(guess, timeZone) * 60_000;
}

/** A time read from a source: ISO 8601 with an offset, or a wall-clock time in the store's zone. */
export function parseSourceTime(text: string, timeZone: string): number | undefined {
  return parseStoreTime(text, timeZone)?.getTime();
}
