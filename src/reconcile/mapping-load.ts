// Reads a mapping file (reconcile.mapping in the config): YAML with a `queries` section and, for
// --apply, a `writes` section of SQL by name (mapping.ts lists them). Every problem names the file,
// the line and the key, like config errors do, and a misspelt key the key it is nearest to;
// whether the SQL fits the database is checked when it opens (mapping-check.ts for config check).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod';
import { describeIssue, keyPath } from '../core/config/describe-issue.js';
import { lineOf } from '../core/config/load.js';
import { configError, describeCause } from '../core/errors.js';
import { BUILTIN_MAPPING, OPTIONAL, READS, WRITES, parametersOf, type Mapping } from './mapping.js';
import { SECTIONS, nearKeys } from './mapping-keys.js';

const sql = z.string({ error: 'SQL text' }).trim().min(1, 'must not be empty');
const section = (names: readonly string[], optional: (name: string) => boolean) =>
  z.strictObject(Object.fromEntries(names.map((n) => [n, optional(n) ? sql.optional() : sql])) as Record<string, z.ZodType<string | undefined>>);

// Every write is optional here: a read-only mapping serves reconcile without --apply, and --apply
// asks for the writes it needs (requireWrites in mapping-check.ts).
const mappingSchema = z.strictObject({
  version: z.literal(1, { error: 'expected 1' }).default(1),
  queries: section(SECTIONS.queries, (n) => OPTIONAL.has(n)),
  writes: section(SECTIONS.writes, () => true).default({}),
});

/** The first problem to show: a key that is not known (with the key it is nearest to) before a key that is missing. */
function firstProblem(issues: readonly z.core.$ZodIssue[], data: unknown): { path: PropertyKey[]; problem: string } {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  const { path: at, problem } = describeIssue(unknown ?? issues[0]!, data);
  const [section, name] = at;
  if (!unknown || at.length !== 2 || (section !== 'queries' && section !== 'writes') || typeof name !== 'string') return { path: at, problem };
  const near = nearKeys(section, name);
  return { path: at, problem: near.length > 0 ? `unknown key; did you mean ${near.join(' or ')}?` : `unknown key; the keys are listed in the README (Mappings for other store systems)` };
}

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
    const { path: at, problem } = firstProblem(parsed.error.issues, data);
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
