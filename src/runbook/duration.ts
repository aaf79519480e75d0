// Stage targets ("1h", "2h", "1d-3d", "1w") and elapsed times, as a person reads them in either
// language. A range's upper end is what "over target" is measured against.
import type { Lang } from '../core/i18n.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

const UNIT_NAME: Record<Lang, Record<Unit, string>> = {
  en: { m: 'min', h: 'h', d: 'd', w: 'w' },
  zh: { m: '分钟', h: '小时', d: '天', w: '周' },
};

export interface Target {
  min_ms: number;
  max_ms: number;
  text: string;
}

function part(s: string): { n: number; unit: Unit } {
  return { n: Number(s.slice(0, -1)), unit: s.slice(-1) as Unit };
}

/** Parses a target the schema has already checked ("2h", "1d-3d"). */
export function parseTarget(target: string): Target {
  const [lo, hi] = target.split('-').map(part);
  return { min_ms: lo!.n * UNIT_MS[lo!.unit], max_ms: (hi ?? lo)!.n * UNIT_MS[(hi ?? lo)!.unit], text: target };
}

export function formatTarget(target: string, lang: Lang): string {
  const [lo, hi] = target.split('-').map(part);
  const names = UNIT_NAME[lang];
  const sep = ' ';
  if (!hi) return `${lo!.n}${sep}${names[lo!.unit]}`;
  if (hi.unit === lo!.unit) return `${lo!.n}–${hi.n}${sep}${names[hi.unit]}`;
  return `${lo!.n}${sep}${names[lo!.unit]} – ${hi.n}${sep}${names[hi.unit]}`;
}

/** "42 min", "3 h 05 min", "2 d 3 h"; the two largest units are enough to act on. */
export function formatDuration(ms: number, lang: Lang): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const n = UNIT_NAME[lang];
  const sep = ' ';
  if (minutes < 60) return `${minutes}${sep}${n.m}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}${sep}${n.h} ${String(minutes % 60).padStart(2, '0')}${sep}${n.m}`;
  return `${Math.floor(hours / 24)}${sep}${n.d} ${hours % 24}${sep}${n.h}`;
}
