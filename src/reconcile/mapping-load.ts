// Reads a mapping file (reconcile.mapping in the config): YAML with a `queries` section and a
// `writes` section of SQL by name (mapping.ts lists them). Every problem names the file, the line
// and the key, like config errors do; whether the SQL fits the database is checked when it opens.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import { describeIssue, keyPath } from '../core/config/describe-issue.js';
import { lineOf } from '../core/config/load.js';
import { configError, describeCause } from '../core/errors.js';
import { BUILTIN_MAPPING, OPTIONAL, READS, WRITES, parametersOf, type Mapping } from './mapping.js';

const sql = z.string({ error: 'SQL text' }).trim().min(1, 'must not be empty');
const section = (names: readonly string[]) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, OPTIONAL.has(n) ? sql.optional() : sql])) as Record<string, z.ZodType<string | undefined>>);

const mappingSchema = z.strictObject({
  version: z.literal(1, { error: 'expected 1' }).default(1),
  queries: section(Object.keys(READS)),
  writes: section(Object.keys(WRITES)),
});

export function loadMapping(setting: string, cwd: string): Mapping {
  if (setting === 'builtin') return BUILTIN_MAPPING;
  const shown = path.relative(cwd, setting) || setting;
  let text: string;
  try {
    text = readFileSync(setting, 'utf8');
  } catch (err) {
    throw configError('reconcile.mappingUnreadable', { file: shown, problem: describeCause(err) }, { key: 'hint.mapping' });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = counter.linePos(syntax.pos[0]).line;
    throw configError('config.syntax', { file: shown, line, problem: syntax.message.split('\n')[0]! }, { key: 'hint.mapping' });
  }
  const data: unknown = doc.toJS();
  const fail = (at: PropertyKey[], problem: string) => {
    const line = lineOf(doc, counter, at);
    return configError('reconcile.mappingInvalid', { file: line ? `${shown}:${line}` : shown, key: keyPath(at), problem }, { key: 'hint.mapping' });
  };
  const parsed = mappingSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const { path: at, problem } = describeIssue(parsed.error.issues[0]!, data);
    throw fail(at, problem);
  }
  const lines: Record<string, number> = {};
  for (const group of ['queries', 'writes'] as const) {
    for (const [name, statement] of Object.entries(parsed.data[group])) {
      if (statement === undefined) continue;
      lines[`${group}.${name}`] = lineOf(doc, counter, [group, name]) ?? 0;
      const known: readonly string[] = group === 'queries' ? READS[name as keyof typeof READS].params : WRITES[name as keyof typeof WRITES];
      const unknown = parametersOf(statement).filter((p) => !known.includes(p));
      if (unknown.length > 0) {
        throw fail([group, name], `uses :${unknown.join(', :')}; it may use ${known.length ? known.map((k) => `:${k}`).join(', ') : 'no parameters'}`);
      }
    }
  }
  return { file: setting, queries: parsed.data.queries, writes: parsed.data.writes, lines };
}
