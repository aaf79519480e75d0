// Which files reconcile reads: the config's globs (already absolute) or the ones given on the
// command line (relative to where the command runs). A pattern that matches nothing is reported,
// not fatal: a store with no paper records is a normal store.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export interface InputFiles {
  files: string[];
  unmatched: string[];
}

/** Splits /srv/shop/journals/*.jsonl into the folder to search and the pattern inside it. */
function split(pattern: string): { base: string; rest: string } {
  const parts = pattern.split('/');
  const magic = parts.findIndex((p) => isDynamicPattern(p));
  if (magic < 0) return { base: path.dirname(pattern), rest: path.basename(pattern) };
  return { base: parts.slice(0, magic).join('/') || '/', rest: parts.slice(magic).join('/') };
}

export async function findInputs(patterns: readonly string[], cwd: string): Promise<InputFiles> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const given of patterns) {
    const pattern = path.resolve(cwd, given);
    if (!isDynamicPattern(pattern)) {
      if (existsSync(pattern) && statSync(pattern).isFile()) files.add(pattern);
      else unmatched.push(given);
      continue;
    }
    const { base, rest } = split(pattern);
    const found = existsSync(base) ? await glob(rest, { cwd: base, absolute: true, onlyFiles: true, expandDirectories: false }) : [];
    if (found.length === 0) unmatched.push(given);
    for (const f of found) files.add(path.normalize(f));
  }
  return { files: [...files].sort(), unmatched };
}

/** How a file is named in reports and in the database: relative to the config when inside it. */
export function displayPath(file: string, configDir: string): string {
  const rel = path.relative(configDir, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
