// The keys a mapping file may have, and the nearest one to a key it may not: a misspelt
// `movments` should say which key was meant, not only that `movements` is missing.
import { READS, WRITES } from './mapping.js';

export const SECTIONS = { queries: Object.keys(READS), writes: Object.keys(WRITES) } as const;
export type Section = keyof typeof SECTIONS;

/** Edits (insert, delete, substitute, swap two neighbours) from one name to the other. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Full keys (`queries.movements`) close enough to `name` under `section` to be what was meant:
 * the nearest of its own section within a third of its length, and the same name (or nearly)
 * in the other section, for a write put under queries or a read under writes.
 */
export function nearKeys(section: Section, name: string): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const out: string[] = [];
  for (const [s, names] of Object.entries(SECTIONS) as Array<[Section, readonly string[]]>) {
    const ranked = names.map((n) => ({ n, d: distance(name.toLowerCase(), n) })).filter((c) => c.d <= (s === section ? limit : 1)).sort((x, y) => x.d - y.d);
    if (ranked[0]) out.push(`${s}.${ranked[0].n}`);
  }
  return out;
}
