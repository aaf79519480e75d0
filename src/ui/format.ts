// Numbers as people read them: sizes in KB/MB/GB (powers of 1000, as disks are sold), money and
// quantities as on a receipt, and column widths as a terminal shows them.
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** Yuan with cents, as on a receipt: ¥1234.50, -¥3.20. */
export function formatMoney(n: number): string {
  return `${n < 0 ? '-' : ''}¥${Math.abs(n).toFixed(2)}`;
}

/** A quantity (weights have grams), with its sign when it is a change: +3, -0.25. */
export function formatQty(n: number, signed = false): string {
  const s = String(Math.round(n * 1000) / 1000);
  return signed && n > 0 ? `+${s}` : s;
}

// East Asian wide characters take two columns on a terminal.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/g;
export const displayWidth = (s: string) => s.length + (s.match(WIDE)?.length ?? 0);

/** padEnd by terminal columns, so a column of Chinese labels lines up. */
export const padColumns = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** Rows of cells as aligned text columns (the first left-aligned, the rest right-aligned). */
export function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows.map((r) => r.map((c, i) => {
    const pad = ' '.repeat(widths[i]! - displayWidth(c));
    return i === 0 ? c + pad : pad + c;
  }).join('  ').trimEnd());
}

/** Rows of cells as left-aligned text columns, widths by terminal columns, so a header sits on its data. */
export function leftColumns(rows: ReadonlyArray<readonly string[]>, gap = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
  return rows.map((r) => r.map((c, i) => padColumns(c, widths[i]!)).join(gap).trimEnd());
}
