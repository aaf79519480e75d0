// Bad input found by reconcile, as one line each: in the user's language for the text, in English
// for --json, --out and the audit log (as every error is).
import { translate, type Lang, type MessageKey } from '../core/i18n.js';
import type { Problem } from '../reconcile/model.js';

const keyOf = (p: Problem) => `reconcile.problem.${p.code}` as MessageKey;

export function problemText(lang: Lang, p: Problem): string {
  return translate(lang, keyOf(p), { ...p.params, file: p.file, line: p.line });
}

export function problemJson(p: Problem) {
  return { file: p.file, line: p.line, code: p.code, message: problemText('en', p) };
}

/** The first `limit` items, and how many were left out. */
export function firstOf<T>(items: readonly T[], limit: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
