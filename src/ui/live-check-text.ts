// A restore's checks of the databases it put in place, in the reader's language. SQLite's own
// quick_check findings can run to hundreds of lines in its English; the text gives their count and
// the command that lists them, and --json keeps them whole.
import type { Translator } from '../core/i18n.js';
import { shellQuote } from '../core/pasteable.js';
import type { LiveCheck } from '../restore/live-check.js';

export function liveCheckLine(t: Translator, c: LiveCheck): string {
  if (c.depth === 'header') {
    return c.ok ? t('liveCheck.headerOk', { database: c.database, pages: c.pages ?? '-' }) : t('liveCheck.headerBad', { database: c.database, detail: c.detail });
  }
  if (c.ok) return t('liveCheck.quickOk', { database: c.database });
  const count = c.detail.split('\n').filter((l) => l.trim() !== '').length;
  return t('liveCheck.quickBad', { database: c.database, count, command: `sqlite3 ${shellQuote(c.file)} 'PRAGMA quick_check'` });
}

/** integrity_check's verdict: its "ok" in the reader's words, anything else as SQLite said it. */
export const integrityResult = (t: Translator, result: string): string => (result === 'ok' ? t('liveCheck.resultOk') : result);
