// A problem the page walk found ("table stock: SQLITE_CORRUPT database disk image is malformed"),
// as a person reads it: which table or index in their language, SQLite's own words as SQLite says
// them (what a technician searches for, and what the vendor asks about).
import type { Lang } from '../../core/i18n.js';

const KIND: Record<Lang, Record<string, string>> = { en: { table: 'table', index: 'index' }, zh: { table: '表', index: '索引' } };

export function sqliteProblemText(lang: Lang, line: string): string {
  const m = /^(table|index) (\S+): (.*)$/.exec(line);
  if (!m) return line;
  return lang === 'zh' ? `${KIND.zh[m[1]!]} ${m[2]}：${m[3]}` : line;
}
