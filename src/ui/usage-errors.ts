// commander's own usage errors in the reader's language. commander words them in English and
// gives only a code and that sentence, so the quoted parts are read back out of it; a message this
// does not recognise is shown as commander wrote it rather than lost.
import type { CommanderError } from 'commander';
import type { Translator } from '../core/i18n.js';

const quoted = (s: string) => [...s.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

function sentence(err: CommanderError, t: Translator): string | undefined {
  const text = err.message.replace(/^error: /, '');
  const q = quoted(text);
  switch (err.code) {
    case 'commander.unknownCommand':
      return q[0] === undefined ? undefined : t('cli.unknownCommand', { name: q[0] });
    case 'commander.unknownOption':
      return q[0] === undefined ? undefined : t('cli.unknownOption', { name: q[0] });
    case 'commander.missingArgument':
      return q[0] === undefined ? undefined : t('cli.missingArgument', { name: q[0] });
    case 'commander.optionMissingArgument':
      return q[0] === undefined ? undefined : t('cli.optionMissingArgument', { name: q[0] });
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.*)\.$/.exec(text)?.[1];
      return q.length < 2 || !choices ? undefined : t('cli.invalidChoice', { name: q[0]!, value: q[1]!, choices: choices.split(', ').join(t('help.listJoin')) });
    }
    case 'commander.excessArguments': {
      const counts = /Expected (\d+) arguments? but got (\d+)/.exec(text);
      return q[0] === undefined || !counts ? undefined : t('cli.excessArguments', { command: q[0], count: Number(counts[1]), given: Number(counts[2]) });
    }
    default:
      return undefined;
  }
}

export function usageProblem(err: CommanderError, t: Translator): string {
  const said = sentence(err, t);
  if (!said) return err.message.replace(/^error: /, '');
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(err.message)?.[1];
  return suggestion ? t('cli.didYouMean', { problem: said, suggestion }) : said;
}
