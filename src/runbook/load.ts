// Finds and reads runbook files: the built-in ones shipped in runbooks/, and a store's own in a
// runbooks/ folder beside its store-ops.yaml (a store's file with a built-in id replaces it, so a
// store can put its own phone numbers into pos-crash). A broken file is a config error naming the
// file, the line and the key path, exactly as a broken store-ops.yaml is.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { describeIssue, keyPath, valueAt, showValue } from '../core/config/describe-issue.js';
import { installPath } from '../core/install-paths.js';
import { lineOf } from '../core/config/load.js';
import { configError, describeCause, usageError } from '../core/errors.js';
import { checkRunbook, type Problem } from './check.js';
import { runbookSchema, type Runbook } from './schema.js';

/** The runbooks shipped with store-ops. */
export const BUILTIN_DIR = installPath('runbooks');

export interface RunbookFile {
  id: string;
  file: string;
  source: 'builtin' | 'store';
}

export interface LoadOptions {
  /** How to show a file's path in messages (relative to the cwd). */
  cwd: string;
}

function problemFor(issue: Parameters<typeof describeIssue>[0], data: unknown): Problem {
  if (issue.code === 'unrecognized_keys') {
    return { path: [...issue.path, issue.keys[0] ?? ''], problem: 'unknown key; check the spelling against "Runbooks" in the README' };
  }
  if (issue.code === 'invalid_union' && issue.path[issue.path.length - 1] === 'kind') {
    return { path: [...issue.path], problem: `unknown step kind; expected say, ask, run or input, got ${showValue(valueAt(data, issue.path))}` };
  }
  return describeIssue(issue, data);
}

export function parseRunbookText(text: string, shown: string, opts: LoadOptions & { fileId?: string }): Runbook {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lines.linePos(syntax.pos[0]).line;
    throw configError('runbook.syntax', { file: shown, line, problem: syntax.message.split('\n')[0]! }, { key: 'hint.runbookFix', params: { file: shown } });
  }
  const data: unknown = doc.toJS();
  const parsed = runbookSchema.safeParse(data ?? {});
  const problem = parsed.success
    ? checkRunbook(parsed.data, { fileId: opts.fileId })
    : problemFor(parsed.error.issues[0]!, data);
  if (problem) {
    const line = lineOf(doc, lines, problem.path);
    throw configError('runbook.invalid', { file: line ? `${shown}:${line}` : shown, key: keyPath(problem.path), problem: problem.problem }, {
      key: 'hint.runbookFix', params: { file: shown },
    });
  }
  return parsed.data!;
}

function listDir(dir: string, source: RunbookFile['source']): RunbookFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw configError('runbook.unreadable', { file: dir, cause: describeCause(err) });
  }
  return names.filter((n) => n.endsWith('.yaml')).sort().map((n) => ({ id: n.slice(0, -'.yaml'.length), file: path.join(dir, n), source }));
}

/** Every runbook file by id; a store's own file wins over the built-in one of the same id. */
export function runbookFiles(storeDir: string | undefined): RunbookFile[] {
  const byId = new Map<string, RunbookFile>();
  for (const f of listDir(BUILTIN_DIR, 'builtin')) byId.set(f.id, f);
  if (storeDir) for (const f of listDir(storeDir, 'store')) byId.set(f.id, f);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function loadRunbookFile(f: RunbookFile, opts: LoadOptions): Runbook {
  const shown = path.relative(opts.cwd, f.file) || f.file;
  let text: string;
  try {
    text = readFileSync(f.file, 'utf8');
  } catch (err) {
    throw configError('runbook.unreadable', { file: shown, cause: describeCause(err) });
  }
  return parseRunbookText(text, shown, { ...opts, fileId: f.id });
}

export function findRunbookFile(files: readonly RunbookFile[], name: string): RunbookFile {
  const found = files.find((f) => f.id === name);
  if (!found) throw usageError('runbook.unknown', { name, known: files.map((f) => f.id).join(', ') }, { key: 'hint.runbookList' });
  return found;
}
