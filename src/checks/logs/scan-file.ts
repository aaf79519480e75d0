// Streams one log file (gunzipping rotated .gz files) through the keyword automaton and hands
// each line holding a keyword to `onLine`, with its number. Whatever is odd about the file is
// reported as a problem, never thrown: unreadable, binary, invalid UTF-8, a line too long to
// keep, a truncated .gz, or the time budget running out; the lines read until then still count.
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Deadline } from '../deadline.js';

/** Longer lines are checked and shown only up to here, so one 20 MB line cannot exhaust memory. */
export const MAX_LINE = 64 * 1024;
const BINARY_PROBE = 8000;

export type FileProblemKind = 'unreadable' | 'binary' | 'invalid-utf8' | 'long-line' | 'truncated-gzip' | 'incomplete';

export interface FileProblem {
  kind: FileProblemKind;
  line?: number;
  count?: number;
  detail?: string;
}

export interface FileStats {
  bytes: number;
  lines: number;
  problems: FileProblem[];
}

export interface CandidateLine {
  lineNo: number;
  /** The line's bytes (at most MAX_LINE), without the newline. */
  bytes: Buffer;
  /** The buffer it lies in and where it starts there, to look back for a time stamp. */
  buffer: Buffer;
  start: number;
}

export interface ScanFileOptions {
  file: string;
  gzip: boolean;
  checkUtf8: boolean;
  delta: Int32Array;
  deadline: Deadline;
  onLine: (line: CandidateLine) => void;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let p = buf.indexOf(10, from); p >= 0 && p < to; p = buf.indexOf(10, p + 1)) n++;
  return n;
}

function noteInvalidUtf8(stats: FileStats, buf: Buffer, end: number, firstLine: number): void {
  let bad = 0;
  let first = 0;
  for (let s = 0, no = firstLine; s < end; no++) {
    const e = buf.indexOf(10, s);
    const stop = e < 0 || e > end ? end : e;
    if (!isUtf8(buf.subarray(s, stop))) {
      bad++;
      first ||= no;
    }
    s = stop + 1;
  }
  if (bad === 0) return;
  const known = stats.problems.find((p) => p.kind === 'invalid-utf8');
  if (known) known.count! += bad;
  else stats.problems.push({ kind: 'invalid-utf8', line: first, count: bad });
}

export async function scanFile(opts: ScanFileOptions): Promise<FileStats> {
  const stats: FileStats = { bytes: 0, lines: 0, problems: [] };
  const { delta, onLine } = opts;
  let source: Readable;
  const raw = createReadStream(opts.file, { highWaterMark: 1 << 20 });
  if (opts.gzip) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    raw.on('error', (err) => gunzip.destroy(err));
    source = raw.pipe(gunzip);
  } else source = raw;

  let tail: Buffer = Buffer.alloc(0);
  // The last buffer read, kept so a final line without a newline can still look back for a time.
  let lastBuf: Buffer = tail;
  let skippingLongLine = false;
  let first = true;
  const scan = (buf: Buffer, from: number, end: number) => {
    // Lines [from, end) of buf are complete; hits jump to the end of their line.
    let st = 0;
    let counted = from;
    let lineBase = stats.lines;
    for (let i = from; i < end; i++) {
      st = delta[st + buf[i]!]!;
      if (st >= 0) continue;
      st = 0;
      const start = buf.lastIndexOf(10, i) + 1;
      let stop = buf.indexOf(10, i);
      if (stop < 0 || stop > end) stop = end;
      lineBase += countNewlines(buf, counted, start);
      counted = start;
      onLine({ lineNo: lineBase + 1, bytes: buf.subarray(start, Math.min(stop, start + MAX_LINE)), buffer: buf, start });
      i = stop;
    }
    stats.lines = lineBase + countNewlines(buf, counted, end);
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      stats.bytes += chunk.length;
      if (first) {
        first = false;
        if (chunk.subarray(0, BINARY_PROBE).includes(0)) {
          stats.problems.push({ kind: 'binary' });
          source.destroy();
          return stats;
        }
      }
      let buf: Buffer = chunk;
      if (skippingLongLine) {
        const nl = chunk.indexOf(10);
        if (nl < 0) continue;
        skippingLongLine = false;
        stats.lines++;
        buf = chunk.subarray(nl + 1);
      } else if (tail.length > 0) buf = Buffer.concat([tail, chunk]);
      const last = buf.lastIndexOf(10);
      if (opts.checkUtf8 && last >= 0 && !isUtf8(buf.subarray(0, last + 1))) noteInvalidUtf8(stats, buf, last + 1, stats.lines + 1);
      if (last >= 0) scan(buf, 0, last + 1);
      lastBuf = buf;
      tail = buf.subarray(last + 1);
      if (tail.length > MAX_LINE) {
        // Check what we keep of the long line now, then drop the rest of it up to its newline.
        const line = Buffer.from(tail.subarray(0, MAX_LINE));
        stats.problems.push({ kind: 'long-line', line: stats.lines + 1 });
        scan(Buffer.concat([line, Buffer.from('\n')]), 0, MAX_LINE + 1);
        stats.lines--;
        skippingLongLine = true;
        tail = Buffer.alloc(0);
      }
      if (opts.deadline.passed()) {
        stats.problems.push({ kind: 'incomplete', line: stats.lines, detail: `${stats.bytes}` });
        source.destroy();
        return stats;
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (opts.gzip && stats.bytes > 0 || code.startsWith('Z_')) stats.problems.push({ kind: 'truncated-gzip', line: stats.lines, detail: (err as Error).message });
    else {
      stats.problems.push({ kind: 'unreadable', detail: code || (err as Error).message });
      return stats;
    }
  }
  if (skippingLongLine) stats.lines++;
  else if (tail.length > 0) {
    const context = lastBuf.subarray(Math.max(0, lastBuf.length - tail.length - MAX_LINE));
    const whole = Buffer.concat([context, Buffer.from('\n')]);
    scan(whole, whole.length - 1 - tail.length, whole.length);
  }
  return stats;
}
