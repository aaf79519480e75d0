// Every user-facing sentence lives in one catalogue per language (messages/en.ts, messages/zh.ts).
// Texts use {name} placeholders; the zh catalogue is typed against the en one, so a missing
// translation is a compile error rather than a blank line at 3 a.m.
import { en, type MessageKey } from './messages/en.js';
import { zh } from './messages/zh.js';

export type { MessageKey };
export type Lang = 'en' | 'zh';
/** A value is text, a number, or a sentence of its own, worded in the same language (an action inside an error). */
export type MessageParams = Record<string, string | number | Sentence>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, zh };

export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return fillIn(lang, catalogues[lang][key], params);
}

/** A template's {name} placeholders filled in `lang`; an unknown name stays as written. */
export function fillIn(lang: Lang, template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? say(lang, params[name]!) : whole,
  );
}

function say(lang: Lang, value: string | number | Sentence): string {
  return typeof value === 'object' ? saySentence(lang, value) : String(value);
}

/** --lang wins (already checked to be zh or en); otherwise LC_ALL / LC_MESSAGES / LANG, as POSIX orders them. */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A sentence in no language yet: a catalogue key and its parameters, some of them sentences too (a reason inside a reason). */
export interface Sentence {
  key: MessageKey;
  params?: MessageParams;
}

export function saySentence(lang: Lang, s: Sentence): string {
  return translate(lang, s.key, s.params);
}

export type Translator = (key: MessageKey, params?: MessageParams) => string;

export const translator = (lang: Lang): Translator => (key, params) => translate(lang, key, params);
