// Wall-clock time in the store's time zone: log lines without an offset are read there, times
// are shown there with their offset, and "trading minutes" count only the opening hours.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant, in ms. Cached per hour: zones change offset on the hour. */
export function zoneOffset(utcMs: number, timeZone: string): number {
  const key = `${timeZone}@${Math.floor(utcMs / HOUR)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = local - (utcMs - (((utcMs % 1000) + 1000) % 1000));
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** A wall-clock time in the zone (month 1-12) as epoch ms. */
export function fromLocal(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, timeZone: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const first = asUtc - zoneOffset(asUtc, timeZone);
  return asUtc - zoneOffset(first, timeZone);
}

/** `2026-11-21T14:05:00+08:00` */
export function isoInZone(ms: number, timeZone: string): string {
  const offset = zoneOffset(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const abs = Math.abs(offset / MINUTE);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2026-11-21 14:05 +08:00`: a moment as people read it on the store's clock, with its offset. */
export function clockText(ms: number, timeZone: string): string {
  const iso = isoInZone(ms, timeZone);
  return `${iso.slice(0, 16).replace('T', ' ')} ${iso.slice(19)}`;
}

/** Minutes between `from` and `to` that fall inside the opening hours ("HH:MM-HH:MM"; closing after midnight allowed). */
export function tradingMinutes(from: number, to: number, openingHours: string, timeZone: string): number {
  const [open, close] = openingHours.split('-').map((hm) => {
    const [h, m] = hm.split(':').map(Number);
    return h! * 60 + m!;
  }) as [number, number];
  const length = (close > open ? close - open : close + 24 * 60 - open) * MINUTE;
  let total = 0;
  // Walk the days from the one before `from` (a shift that began the evening before) to `to`.
  const start = new Date(from + zoneOffset(from, timeZone) - 24 * HOUR);
  for (let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); ; day += 24 * HOUR) {
    const d = new Date(day);
    const opens = fromLocal(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Math.floor(open / 60), open % 60, 0, 0, timeZone);
    if (opens >= to) break;
    const closes = opens + length;
    total += Math.max(0, Math.min(closes, to) - Math.max(opens, from));
  }
  return Math.floor(total / MINUTE);
}

/** Whether the store is open at `ms`. */
export function isOpen(ms: number, openingHours: string, timeZone: string): boolean {
  return tradingMinutes(ms - MINUTE, ms, openingHours, timeZone) > 0;
}
