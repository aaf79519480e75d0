// Commands shown to people as hints must work when pasted into a shell: every word quoted where
// the shell would split or expand it, and the --config the user gave repeated, because without
// it store-ops looks for a config in the current folder and may find none, or another store's.

export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_/.,:@+=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `store-ops [--config FILE] WORDS…`, as it must be typed to work when pasted. */
export function pasteable(configFlag: string | undefined, words: string[]): string {
  const config = configFlag === undefined ? [] : ['--config', configFlag];
  return ['store-ops', ...config, ...words].map(shellQuote).join(' ');
}

/**
 * The words of store-ops' own commands that act on a store, where a mention of "store-ops" starts a
 * command to paste. Not init and demo: they make a config, and one given to them is no help.
 */
const COMMAND_START = /\bstore-ops (?=(?:config|status|diagnose|backup|restore|reconcile|runbook|keys|fleet)\b)/g;

/**
 * Text with every store-ops command in it given the --config and --lang the user gave, so a hint
 * pasted into the shell acts on the same store in the same language ("store-ops runbook resume 1"
 * without them looks for a config in the current folder, and may find none, or another store's).
 */
export function withGlobals(text: string, flags: { config?: string | undefined; lang?: string | undefined }): string {
  const extra = [...(flags.config === undefined ? [] : ['--config', flags.config]), ...(flags.lang === undefined ? [] : ['--lang', flags.lang])];
  return extra.length === 0 ? text : text.replace(COMMAND_START, `store-ops ${extra.map(shellQuote).join(' ')} `);
}
