// A problem the page walk found ("table stock: SQLITE_CORRUPT database disk image is malformed"),
// as a person reads it: which table or index in their language, SQLite's own words as SQLite says
// them (what a technician searches for, and what the vendor asks about).
import type { Lang } from '../../core/i18n.js';

export function sqliteProblemText(lang: Lang, line: string): string {
  const m = lang === 'zh' ? /^(table|index) (\S+): (.*)$/.exec(line) : null;
  return m ? `${m[1] === 'table' ? '表' : '索引'} ${m[2]}：${m[3]}` : line;
}
