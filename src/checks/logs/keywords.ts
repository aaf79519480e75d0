// The scan's fast path: an Aho-Corasick automaton over raw bytes that finds the lines holding
// any signature's keyword, so the regular expressions run on a few lines instead of all of
// them (V8 runs a 60-way alternation at a few MB/s; this runs at a good fraction of grep).
// ASCII letters are folded to lower case on both sides. Keywords are encoded in the file's
// encoding; in GB18030 an ASCII keyword can also hit inside a two-byte character, which only
// costs a regex test on that line.
import iconv from 'iconv-lite';
import type { Signature } from './library.js';

const FOLD = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b + 32 : b));

export class KeywordAutomaton {
  /** delta[state * 256 + byte]: the next state * 256, or -1 - state when it ends a keyword. */
  readonly delta: Int32Array;
  private readonly outputs: number[][];

  constructor(signatures: readonly Signature[], encoding: 'utf-8' | 'gb18030') {
    // The trie first, with sparse edges (a few thousand states, most with one child), then one
    // dense table filled breadth first: a missing edge is the failure state's edge, whose row is
    // already complete by then.
    const edges: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    for (const sig of signatures) {
      for (const keyword of sig.keywords) {
        const bytes = encoding === 'utf-8' ? Buffer.from(keyword, 'utf8') : iconv.encode(keyword, 'gb18030');
        let s = 0;
        for (const raw of bytes) {
          const b = FOLD[raw]!;
          let t = edges[s]!.get(b);
          if (t === undefined) {
            t = edges.length;
            edges[s]!.set(b, t);
            edges.push(new Map());
            out.push([]);
          }
          s = t;
        }
        if (!out[s]!.includes(sig.index)) out[s]!.push(sig.index);
      }
    }
    const states = edges.length;
    const go = new Int32Array(states * 256);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [b, t] of edges[0]!) {
      go[b] = t;
      queue.push(t);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      if (out[f]!.length > 0) out[s] = [...new Set([...out[s]!, ...out[f]!])];
      go.copyWithin(s * 256, f * 256, f * 256 + 256);
      for (const [b, t] of edges[s]!) {
        fail[t] = go[f * 256 + b]!;
        go[s * 256 + b] = t;
        queue.push(t);
      }
    }
    this.outputs = out;
    const ends = Uint8Array.from(out, (o) => (o.length > 0 ? 1 : 0));
    const delta = new Int32Array(states * 256);
    for (let row = 0; row < states * 256; row += 256) {
      for (let b = 0; b < 256; b++) {
        const t = go[row + FOLD[b]!]!;
        delta[row + b] = ends[t] === 1 ? -1 - t : t * 256;
      }
    }
    this.delta = delta;
  }

  /** Indexes of the signatures with a keyword in `bytes`, in library order. */
  candidates(bytes: Uint8Array): number[] {
    const found = new Set<number>();
    let st = 0;
    for (let i = 0; i < bytes.length; i++) {
      const next = this.delta[st + bytes[i]!]!;
      if (next < 0) {
        const state = -1 - next;
        for (const sig of this.outputs[state]!) found.add(sig);
        st = state * 256;
      } else st = next;
    }
    return [...found].sort((a, b) => a - b);
  }
}
