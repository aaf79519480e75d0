// The signature library (src/checks/signatures/*.yaml) and the correlation rules
// (src/checks/causes.yaml) as shipped, parsed but not yet checked. scripts/build.mjs replaces
// this module in the bundle with the same data as JSON, because parsing ~40 KB of YAML on a cold
// start costs diagnose about 100 ms; the sources (and the tests) read the YAML files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { installPath } from '../core/install-paths.js';

export interface LibraryFile {
  /** The file's name in src/checks/signatures/, which errors and findings name. */
  file: string;
  entries: unknown;
}

export function signatureFiles(): LibraryFile[] {
  const dir = installPath('src', 'checks', 'signatures');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, entries: parse(readFileSync(path.join(dir, file), 'utf8')) as unknown }));
}

export function correlationRules(): unknown {
  return parse(readFileSync(installPath('src', 'checks', 'causes.yaml'), 'utf8')) as unknown;
}
