// Which files reconcile reads: the config's globs (already absolute) or the ones given on the
// command line (relative to where the command runs). A pattern that matches nothing is reported,
// not fatal: a store with no paper records is a normal store.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { usageError } from '../core/errors.js';
import type { InputEncoding } from './text-lines.js';

export interface InputPattern {
  pattern: string;
  encoding: InputEncoding;
  /** Where the encoding is stated ("journals[0].encoding" or "--encoding"), for the hint on an undecodable line. */
  setting: string;
}

export interface InputFile {
  file: string;
  encoding: InputEncoding;
  /** What to write to read the file in the other encoding ("journals[0].encoding: gb18030"). */
  setting: string;
}

export interface InputFiles {
  files: InputFile[];
  unmatched: string[];
}

function otherEncoding(given: InputPattern): string {
  const other = given.encoding === 'utf-8' ? 'gb18030' : 'utf-8';
  return given.setting.startsWith('--') ? `${given.setting} ${other}` : `${given.setting}: ${other}`;
}

/** Splits /srv/shop/journals/*.jsonl into the folder to search and the pattern inside it. */
function split(pattern: string): { base: string; rest: string } {
  const parts = pattern.split('/');
  const magic = parts.findIndex((p) => isDynamicPattern(p));
  if (magic < 0) return { base: path.dirname(pattern), rest: path.basename(pattern) };
  return { base: parts.slice(0, magic).join('/') || '/', rest: parts.slice(magic).join('/') };
}

/** The files the patterns match, each read in the encoding of the first pattern that names it. */
export async function findInputs(patterns: readonly InputPattern[], cwd: string): Promise<InputFiles> {
  const files = new Map<string, InputFile>();
  const unmatched: string[] = [];
  const add = (file: string, given: InputPattern) => {
    if (!files.has(file)) files.set(file, { file, encoding: given.encoding, setting: otherEncoding(given) });
  };
  for (const given of patterns) {
    const pattern = path.resolve(cwd, given.pattern);
    if (!isDynamicPattern(pattern)) {
      if (existsSync(pattern) && statSync(pattern).isFile()) add(pattern, given);
      else unmatched.push(given.pattern);
      continue;
    }
    const { base, rest } = split(pattern);
    const found = existsSync(base) ? await glob(rest, { cwd: base, absolute: true, onlyFiles: true, expandDirectories: false }) : [];
    if (found.length === 0) unmatched.push(given.pattern);
    for (const f of found) add(path.normalize(f), given);
  }
  return { files: [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), unmatched };
}

/** How a file is named in reports and in the database: relative to the config when inside it. */
export function displayPath(file: string, configDir: string): string {
  const rel = path.relative(configDir, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** The encoding --encoding names for files given on the command line; UTF-8 when not given. */
export function inputEncoding(given: string | undefined): InputEncoding {
  const name = given?.trim().toLowerCase();
  if (name === undefined || name === 'utf-8' || name === 'utf8') return 'utf-8';
  if (name === 'gb18030') return 'gb18030';
  throw usageError('reconcile.badEncoding', { value: given! });
}
