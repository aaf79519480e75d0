// Where a mapping statement comes from, as errors name it: `mapping.yaml:14` and the key
// `writes.sale_line`; for the built-in mapping, the database it was meant for.
import path from 'node:path';
import type { Mapping } from './mapping.js';

export function mappingWhere(mapping: Mapping, key: string, cwd: string, database: string): { file: string; key: string } {
  if (mapping.file === 'builtin') return { file: database, key };
  const shown = path.relative(cwd, mapping.file) || mapping.file;
  const line = mapping.lines[key];
  return { file: line ? `${shown}:${line}` : shown, key };
}
