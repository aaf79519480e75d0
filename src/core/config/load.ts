// Reads, validates and resolves store-ops.yaml. Every problem becomes a config error naming
// the file, the line where we can find it, the key path and what is wrong; nothing is written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { configError, describeCause } from '../errors.js';
import { configSchema, fleetOnlySchema, isFleetOnly, type RawConfig, type RawFleetOnlyConfig } from './schema.js';
import { describeIssue, keyPath } from './describe-issue.js';
import { locateConfig, candidateConfigs } from './locate.js';
import { manyDocuments, mappingData, secondDocumentLine } from './shape.js';
import { isFleetOnlyConfig, resolveConfig, resolveFleetOnly, type FleetOnlyConfig, type LoadedConfig, type StoreConfig } from './resolve.js';
import { checkStorePaths } from './store-overlap.js';

export type { FleetOnlyConfig, LoadedConfig, StoreConfig };
export { isFleetOnlyConfig };

export interface LoadOptions {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A store's config, or HQ's fleet-only one: only `fleet status` takes the latter. */
export function findAndLoadAnyConfig(opts: LoadOptions): LoadedConfig {
  const location = locateConfig(opts.flag, opts.env, opts.cwd);
  if (!location) {
    const looked = candidateConfigs(undefined, opts.env, opts.cwd).map((c) => c.path).join(', ');
    throw configError('config.notFound', { looked }, { key: 'hint.init' });
  }
  return loadAnyConfigFile(location.path, opts.cwd);
}

/** Every command but `fleet status` works on a store: a fleet-only config is refused, naming what it lacks. */
export function storeConfigOf(config: LoadedConfig, cwd: string): StoreConfig {
  if (!isFleetOnlyConfig(config)) return config;
  const file = path.relative(cwd, config.configFile) || config.configFile;
  throw configError('config.fleetOnly', { file }, { key: 'hint.configFleetOnly', params: { file } });
}

export function loadConfigFile(file: string, cwd: string): StoreConfig {
  return storeConfigOf(loadAnyConfigFile(file, cwd), cwd);
}

export function loadAnyConfigFile(file: string, cwd: string): LoadedConfig {
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw configError('config.missing', { file: shown }, { key: 'hint.init' });
    throw configError('config.unreadable', { file: shown, cause: describeCause(err) });
  }
  const raw = parseConfigText(text, shown);
  if ('fleet' in raw && !('store' in raw)) return resolveFleetOnly(raw, file);
  const config = resolveConfig(raw as RawConfig, file);
  checkStorePaths(config, text, shown);
  return config;
}

export function parseConfigText(text: string, shown: string): RawConfig | RawFleetOnlyConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const second = secondDocumentLine(doc.errors, lines);
  if (second) throw manyDocuments(shown, second);
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lines.linePos(syntax.pos[0]).line;
    throw configError('config.syntax', { file: shown, line, problem: firstLine(syntax.message) }, { key: 'hint.yamlSyntax' });
  }
  const data = mappingData(doc, lines, shown);
  const result = (isFleetOnly(data) ? fleetOnlySchema : configSchema).safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const { path: at, problem } = describeIssue(issue, data);
    const line = lineOf(doc, lines, at);
    throw configError('config.invalid', {
      file: line ? `${shown}:${line}` : shown,
      key: keyPath(at),
      problem,
    }, { key: 'hint.configCheck', params: { file: shown } });
  }
  return result.data;
}

/** `shown:line` of the key at `at` in the config text, or `shown` alone when it has no line. */
export function keyLocation(text: string, shown: string, at: PropertyKey[]): string {
  const lines = new LineCounter();
  const line = lineOf(parseDocument(text, { lineCounter: lines }), lines, at);
  return line ? `${shown}:${line}` : shown;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The line of the key the path names, or of the deepest part of the path that exists; none
 * when only the top level exists (a missing top-level section has no line to point at).
 */
export function lineOf(doc: Document, lines: LineCounter, at: PropertyKey[]): number | undefined {
  for (let depth = at.length; depth >= 1; depth--) {
    const parent = depth === 1 ? doc.contents : doc.getIn(at.slice(0, depth - 1) as unknown[], true);
    const last = at[depth - 1];
    if (typeof last === 'string') {
      const keyLine = keyLineIn(parent, last, lines);
      if (keyLine) return keyLine;
    } else {
      const node = doc.getIn(at.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function keyLineIn(node: unknown, key: string, lines: LineCounter): number | undefined {
  const items = (node as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> }).items;
  const pair = items?.find((p) => p.key?.value === key);
  return pair?.key?.range ? lines.linePos(pair.key.range[0]).line : undefined;
}
