// Bad input found by reconcile, as one line each: in the user's language for the text, in English
// for --json, --out and the audit log (as every error is).
import { translate, type Lang, type MessageKey } from '../core/i18n.js';
import type { Problem } from '../reconcile/model.js';
import { WHOLE_LINE } from '../reconcile/journal-check.js';

const keyOf = (p: Problem) => `reconcile.problem.${p.code}` as MessageKey;

/** A journal line's shape problem: what was wanted at the key and what was found, in `lang`. */
function shapeText(lang: Lang, params: Problem['params']): string {
  const kind = params.got_kind;
  const got = kind === undefined || kind === 'value' ? String(params.got ?? '') : translate(lang, `reconcile.found.${kind}` as MessageKey);
  return translate(lang, `reconcile.shape.${params.shape}` as MessageKey, { got, min: params.min ?? '' });
}

export function problemText(lang: Lang, p: Problem): string {
  const params = p.code === 'journal_invalid'
    ? { ...p.params, problem: shapeText(lang, p.params), key: p.params.key === WHOLE_LINE ? translate(lang, 'reconcile.wholeLine') : p.params.key! }
    : p.params;
  return translate(lang, keyOf(p), { ...params, file: p.file, line: p.line });
}

export function problemJson(p: Problem) {
  return { file: p.file, line: p.line, code: p.code, message: problemText('en', p) };
}

/** The first `limit` items, and how many were left out. */
export function firstOf<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
