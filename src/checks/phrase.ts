// A phrase in both languages: signature texts already are; catalogue keys are looked up in
// each. The core builds sentences from findings' titles without choosing a language.
import { fillIn, translate } from '../core/i18n.js';
import type { Lang } from '../core/i18n.js';
import type { Phrase } from './types.js';

export function say(lang: Lang, p: Phrase): string {
  return 'key' in p ? translate(lang, p.key, p.params) : fillIn(lang, p[lang], p.params);
}

export function bilingual(p: Phrase): { en: string; zh: string } {
  return { en: say('en', p), zh: say('zh', p) };
}
