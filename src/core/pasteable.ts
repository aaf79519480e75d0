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
