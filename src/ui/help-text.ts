// commander's help in the reader's language: its section titles, the [options] and [command] of the
// usage line, and the choices and default it adds after an option's description. commander writes
// these in English itself; every other word of the help comes from the catalogues already.
import { Help, type Option } from 'commander';
import type { MessageKey, Translator } from '../core/i18n.js';

const TITLES: Record<string, MessageKey> = {
  'Usage:': 'help.usage',
  'Options:': 'help.options',
  'Global Options:': 'help.globalOptions',
  'Commands:': 'help.commands',
  'Arguments:': 'help.arguments',
};

export function localHelp(t: Translator): Partial<Help> {
  return {
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
    commandUsage(this: Help, cmd) {
      return Help.prototype.commandUsage.call(this, cmd).replace('[options]', t('help.optionsArg')).replace('[command]', t('help.commandArg'));
    },
    optionDescription: (option: Option) => {
      const extra: string[] = [];
      if (option.argChoices) extra.push(t('help.choices', { values: option.argChoices.map((c) => JSON.stringify(c)).join(t('help.listJoin')) }));
      // Like commander: a default is worth saying only for an option that takes a value.
      if (option.defaultValue !== undefined && (option.required || option.optional)) {
        extra.push(t('help.default', { value: option.defaultValueDescription ?? JSON.stringify(option.defaultValue) }));
      }
      return extra.length > 0 ? `${option.description}${t('help.extra', { parts: extra.join(t('help.extraJoin')) })}` : option.description;
    },
  };
}
