// Stage targets ("1h", "2h", "1d-3d", "1w") and elapsed times, as a person reads them in either
// language. A range's upper end is what "over target" is measured against.
import { translate, type Lang, type MessageKey } from '../core/i18n.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS | 's';

const UNIT_KEY: Record<Unit, MessageKey> = { s: 'duration.s', m: 'duration.m', h: 'duration.h', d: 'duration.d', w: 'duration.w' };

/** "3 min", "3 分钟": a number with its unit, in the catalogue's words. */
const amount = (n: number | string, unit: Unit, lang: Lang) => translate(lang, UNIT_KEY[unit], { n });

export interface Target {
  min_ms: number;
  max_ms: number;
  text: string;
}

function part(s: string): { n: number; unit: keyof typeof UNIT_MS } {
  return { n: Number(s.slice(0, -1)), unit: s.slice(-1) as keyof typeof UNIT_MS };
}

/** Parses a target the schema has already checked ("2h", "1d-3d"). */
export function parseTarget(target: string): Target {
  const [lo, hi] = target.split('-').map(part);
  return { min_ms: lo!.n * UNIT_MS[lo!.unit], max_ms: (hi ?? lo)!.n * UNIT_MS[(hi ?? lo)!.unit], text: target };
}

export function formatTarget(target: string, lang: Lang): string {
  const [lo, hi] = target.split('-').map(part);
  if (!hi) return amount(lo!.n, lo!.unit, lang);
  if (hi.unit === lo!.unit) return amount(`${lo!.n}–${hi.n}`, hi.unit, lang);
  return `${amount(lo!.n, lo!.unit, lang)} – ${amount(hi.n, hi.unit, lang)}`;
}

/**
 * "42 s", "42 min", "3 h 05 min", "2 d 3 h": the two largest units are enough to act on. Under a
 * minute it counts seconds, so a stage done in 40 seconds does not read as taking no time at all.
 */
export function formatDuration(ms: number, lang: Lang): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return amount(seconds, 's', lang);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return amount(minutes, 'm', lang);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${amount(hours, 'h', lang)} ${amount(String(minutes % 60).padStart(2, '0'), 'm', lang)}`;
  return `${amount(Math.floor(hours / 24), 'd', lang)} ${amount(hours % 24, 'h', lang)}`;
}

/** A command's run time to a tenth of a second: "0.7 s", "0.7 秒". */
export function formatSeconds(ms: number, lang: Lang): string {
  return amount((ms / 1000).toFixed(1), 's', lang);
}
