// The log check: every configured file read as a stream, lines holding a keyword decoded in
// the file's encoding and matched against the signature library, lines outside the window
// [since, now] dropped (lines without a time stamp count), matches grouped into findings.
// Files last written before `since` cannot hold a line in the window and are not opened.
import path from 'node:path';
import type { ResolvedLog } from '../../core/config/resolve.js';
import type { Deadline } from '../deadline.js';
import type { Evidence, Finding } from '../types.js';
import { Aggregator } from './aggregate.js';
import { KeywordAutomaton } from './keywords.js';
import { loadSignatures, type Signature } from './library.js';
import { lineTime, type TimeContext } from './line-time.js';
import { scanFile, type CandidateLine, type FileProblem } from './scan-file.js';
import { logSources, type SourceProblem } from './sources.js';
import { sourceFindings } from './source-findings.js';

export interface LogScanOptions {
  logs: readonly ResolvedLog[];
  since: number;
  now: number;
  timeZone: string;
  deadline: Deadline;
  /** Paths are shown relative to this folder (the config's) when inside it. */
  root: string;
  signatures?: Signature[];
}

export interface LogFileReport {
  file: string;
  encoding: 'utf-8' | 'gb18030';
  bytes: number;
  lines: number;
  matched: number;
  skipped: 'older-than-window' | null;
  problems: FileProblem[];
}

export interface LogScanResult {
  findings: Finding[];
  files: LogFileReport[];
  sourceProblems: SourceProblem[];
}

const LOOKBACK_LINES = 50;

export function shownPath(file: string, root: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** The time of the nearest line above that has one (a stack trace's frames take their header's). */
function timeAbove(line: CandidateLine, decoder: TextDecoder, ctx: TimeContext): number | undefined {
  let end = line.start - 1;
  for (let n = 0; n < LOOKBACK_LINES && end > 0; n++) {
    const start = line.buffer.lastIndexOf(10, end - 1) + 1;
    const at = lineTime(decoder.decode(line.buffer.subarray(start, Math.min(end, start + 200))), ctx);
    if (at !== undefined) return at;
    end = start - 1;
  }
  return undefined;
}

export async function scanLogs(opts: LogScanOptions): Promise<LogScanResult> {
  const { sources, problems } = await logSources(opts.logs);
  const signatures = sources.length > 0 ? opts.signatures ?? loadSignatures() : [];
  const automata = new Map<string, KeywordAutomaton>();
  const automaton = (enc: 'utf-8' | 'gb18030') => {
    let a = automata.get(enc);
    if (!a) automata.set(enc, (a = new KeywordAutomaton(signatures, enc)));
    return a;
  };
  const agg = new Aggregator();
  const files: LogFileReport[] = [];
  const ctx: TimeContext = { timeZone: opts.timeZone, now: opts.now };
  for (const src of sources) {
    const file = shownPath(src.file, opts.root);
    const report: LogFileReport = { file, encoding: src.encoding, bytes: 0, lines: 0, matched: 0, skipped: null, problems: [] };
    files.push(report);
    if (src.mtimeMs < opts.since) {
      report.skipped = 'older-than-window';
      continue;
    }
    if (opts.deadline.passed()) {
      report.problems.push({ kind: 'incomplete', line: 0 });
      continue;
    }
    const auto = automaton(src.encoding);
    const decoder = new TextDecoder(src.encoding);
    const onLine = (line: CandidateLine) => {
      const text = decoder.decode(line.bytes);
      const sig = auto.candidates(line.bytes).map((i) => signatures[i]!).find((s) => s.regex.test(text));
      if (!sig) return;
      const at = lineTime(text, ctx) ?? timeAbove(line, decoder, ctx);
      if (at !== undefined && (at < opts.since || at > opts.now)) return;
      report.matched++;
      const evidence: Evidence = { file, line: line.lineNo, text: text.trimEnd(), at: at ?? null };
      agg.add(sig, evidence);
    };
    const stats = await scanFile({
      file: src.file, gzip: src.file.endsWith('.gz'), checkUtf8: src.encoding === 'utf-8',
      delta: auto.delta, deadline: opts.deadline, onLine,
    });
    Object.assign(report, { bytes: stats.bytes, lines: stats.lines, problems: stats.problems });
  }
  return { findings: [...agg.findings(), ...sourceFindings(files, problems)], files, sourceProblems: problems };
}
