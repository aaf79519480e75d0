// Which files the configured log globs name, with their rotated siblings (syslog.1,
// syslog.2.gz, syslog-20261120.gz), each with its encoding. Only regular files are read: a FIFO
// or device under a log path, or a folder named exactly, is reported, never opened (a FIFO
// would block forever); folders a wildcard happens to match are passed over.
import { statSync } from 'node:fs';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { ResolvedLog } from '../../core/config/resolve.js';

export interface LogSource {
  file: string;
  encoding: 'utf-8' | 'gb18030';
  size: number;
  mtimeMs: number;
}

export interface SourceProblem {
  pattern: string;
  file?: string;
  kind: 'no-match' | 'not-a-file' | 'unreadable';
  detail?: string;
}

const ROTATED = ['.[0-9]*', '-[0-9]*'];

export async function logSources(logs: readonly ResolvedLog[]): Promise<{ sources: LogSource[]; problems: SourceProblem[] }> {
  const sources: LogSource[] = [];
  const problems: SourceProblem[] = [];
  const seen = new Set<string>();
  for (const log of logs) {
    const names: string[] = [];
    if (isDynamicPattern(log.path)) names.push(...(await glob(log.path, { absolute: true, onlyFiles: false, expandDirectories: false })));
    else {
      try {
        statSync(log.path);
        names.push(log.path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') problems.push({ pattern: log.path, file: log.path, kind: 'unreadable', detail: code });
      }
    }
    if (names.length === 0 && !problems.some((p) => p.pattern === log.path)) {
      problems.push({ pattern: log.path, kind: 'no-match' });
      continue;
    }
    for (const suffix of ROTATED) names.push(...(await glob(`${log.path}${suffix}`, { absolute: true, onlyFiles: true, expandDirectories: false })));
    for (const file of [...new Set(names)].sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      try {
        const st = statSync(file);
        if (st.isDirectory() && isDynamicPattern(log.path)) continue;
        if (!st.isFile()) problems.push({ pattern: log.path, file, kind: 'not-a-file', detail: st.isDirectory() ? 'directory' : st.isFIFO() ? 'fifo' : 'special' });
        else sources.push({ file, encoding: log.encoding, size: st.size, mtimeMs: st.mtimeMs });
      } catch (err) {
        problems.push({ pattern: log.path, file, kind: 'unreadable', detail: (err as NodeJS.ErrnoException).code });
      }
    }
  }
  return { sources, problems };
}
