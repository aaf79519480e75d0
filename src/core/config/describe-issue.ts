// Turns a schema issue into the one line a person can act on:
// `backup.retention.daily: expected a whole number, got "seven"`.
import type * as z from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  array: 'a list',
  object: 'a section of keys',
  boolean: 'true or false',
};

export function keyPath(path: readonly PathKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

export function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part as string];
  }
  return node;
}

export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a section of keys';
  return String(value);
}

/** The key path an issue is about, and what is wrong there. */
export function describeIssue(issue: Issue, input: unknown): { path: PathKey[]; problem: string } {
  const path = [...issue.path];
  const got = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_type': {
      const custom = issue.message.startsWith('Invalid input') ? undefined : issue.message;
      const expected = custom ?? EXPECTED[issue.expected] ?? issue.expected;
      if (got === undefined) return { path, problem: `missing (${expected} is required)` };
      return { path, problem: `expected ${expected}, got ${showValue(got)}` };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const more = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : '';
      return { path: [...path, key], problem: `unknown key${more}; check the spelling against the config reference in the README` };
    }
    case 'invalid_value':
      return {
        path,
        problem: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${showValue(got)}`,
      };
    case 'invalid_format':
      if (issue.format === 'regex') return { path, problem: `${issue.message}, got ${showValue(got)}` };
      return { path, problem: `expected ${issue.format === 'url' ? 'a URL' : issue.format}, got ${showValue(got)}` };
    case 'too_small':
      if (issue.origin === 'array') return { path, problem: issue.message.startsWith('Too small') ? `needs at least ${String(issue.minimum)} item(s)` : issue.message };
      if (issue.origin === 'string') return { path, problem: issue.message.startsWith('Too small') ? 'must not be empty' : issue.message };
      return { path, problem: `must be at least ${String(issue.minimum)}, got ${showValue(got)}` };
    case 'invalid_key': {
      // A name under a section of names (a store id under fleet.stores): why the name is refused.
      const why = issue.issues[0]?.message;
      return { path, problem: `${why && !why.startsWith('Invalid') ? why : 'not a valid name'}, got ${showValue(path.at(-1))}` };
    }
    case 'too_big':
      return { path, problem: `must be at most ${String(issue.maximum)}, got ${showValue(got)}` };
    default:
      return { path, problem: got === undefined ? issue.message : `${issue.message}, got ${showValue(got)}` };
  }
}
