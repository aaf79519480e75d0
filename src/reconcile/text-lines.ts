// A journal or a CSV as lines of text in its stated encoding. Bytes the encoding cannot decode are
// never turned into U+FFFD and stored: their line is named, so the reader skips it and says where
// (a GB18030 file read as UTF-8, or a file cut mid-character). A line feed is never part of a
// UTF-8 or GB18030 character, so lines are split on the bytes and numbered as an editor does.
import { readFileSync } from 'node:fs';

export type InputEncoding = 'utf-8' | 'gb18030';

export interface TextLines {
  /** Line n of the file is lines[n - 1]; an undecodable line is decoded leniently, for its shape only. */
  lines: string[];
  /** Line numbers (from 1) holding bytes the encoding cannot decode. */
  undecodable: Set<number>;
}

/** One input file as a reader needs it. */
export interface SourceFile {
  file: string;
  /** As reports name it. */
  shown: string;
  encoding: InputEncoding;
  /** Where a person states the encoding (a config key or an option), for the undecodable-line hint. */
  setting: string;
}

export interface ReadContext {
  timeZone: string;
  now: number;
  resolve: (code: string) => string | undefined;
}

const BOM = '\uFEFF';

export function readTextLines(file: string, encoding: InputEncoding): TextLines {
  const bytes = readFileSync(file);
  const strict = new TextDecoder(encoding, { fatal: true });
  const undecodable = new Set<number>();
  let lines: string[];
  try {
    lines = strict.decode(bytes).split('\n');
  } catch {
    const lenient = new TextDecoder(encoding);
    lines = [];
    let start = 0;
    while (start <= bytes.length) {
      const end = bytes.indexOf(10, start);
      const stop = end < 0 ? bytes.length : end;
      const chunk = bytes.subarray(start, stop);
      try {
        lines.push(strict.decode(chunk));
      } catch {
        lines.push(lenient.decode(chunk));
        undecodable.add(lines.length);
      }
      start = stop + 1;
    }
  }
  // Excel and Windows tools start files with a byte-order mark; in GB18030 it decodes to U+FEFF too.
  if (lines[0]?.startsWith(BOM)) lines[0] = lines[0].slice(1);
  return { lines, undecodable };
}
