// A phrase in both languages: signature texts already are; catalogue keys are looked up in
// each. The core builds sentences from findings' titles without choosing a language.
import { translate } from '../core/i18n.js';
import type { Lang } from '../core/i18n.js';
import type { Phrase } from './types.js';

function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

export function say(lang: Lang, p: Phrase): string {
  return 'key' in p ? translate(lang, p.key, p.params) : fill(p[lang], p.params);
}

export function bilingual(p: Phrase): { en: string; zh: string } {
  return { en: say('en', p), zh: say('zh', p) };
}
