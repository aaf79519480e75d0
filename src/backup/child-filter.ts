// Runs a standard program (zstd, age) as a filter in a stream pipeline: bytes in on its stdin,
// bytes out of its stdout. How it ends is decided by the program's exit status: non-zero becomes
// a stream error carrying what it said on stderr (a broken pipe on its stdin is only a symptom of
// that, so it is not reported on its own). Destroying the stage kills the program.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex, type Readable, type Writable } from 'node:stream';

export class ChildFilterError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly exitCode: number | null) {
    // age adds a line asking to report unhelpful errors; the error itself is the line before.
    const said = stderr.split('\n').filter((l) => l.trim() && !/^age: report /.test(l)).join(' ');
    super(said || `${command} exited with code ${String(exitCode)}`);
  }
}

export interface ChildStage {
  command: string;
  args: string[];
  /** Run at a lower CPU priority (through nice(1)), so the store system, still selling, gets the processor first. */
  nice?: number;
}

/** One program as a stream stage. */
export function childFilter(command: string, args: string[], options: { nice?: number } = {}): Duplex {
  return childChain([{ command, args, nice: options.nice }]);
}

/** A chain of programs with its two ends apart: bytes go into `input`, come out of `output`. */
export interface ProgramChain {
  input: Writable;
  output: Readable;
  /** Settles once every program has exited: rejects with the error of the earliest one that exited badly. */
  exited: Promise<void>;
  kill(): void;
}

/**
 * Starts the programs, each one's stdout wired straight to the next one's stdin (age → zstd on
 * restore): the bytes between them never pass through Node. A broken pipe on `input` is only a
 * symptom of a program that stopped, so it is swallowed and the exit status tells.
 */
export function spawnChain(stages: readonly ChildStage[]): ProgramChain {
  const children: ChildProcess[] = [];
  for (const [i, st] of stages.entries()) {
    const [file, argv] = st.nice ? ['nice', ['-n', String(st.nice), st.command, ...st.args]] : [st.command, st.args];
    const previous = children[i - 1];
    const child = spawn(file, argv, { stdio: [previous ? previous.stdout! : 'pipe', 'pipe', 'pipe'] });
    // The next program owns the pipe now; Node's copy would keep it open past the writer's end.
    if (previous) previous.stdout!.destroy();
    children.push(child);
  }
  const input = children[0]!.stdin!;
  input.on('error', () => undefined);
  const stderr = stages.map(() => '');
  const exited = Promise.all(children.map((child, i) => new Promise<number | null>((resolve) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr[i] += d));
    child.on('close', (code) => resolve(code));
    child.on('error', (err) => {
      stderr[i] += err.message;
      resolve(null);
    });
  }))).then((codes) => {
    const bad = codes.findIndex((c) => c !== 0);
    if (bad >= 0) throw new ChildFilterError(stages[bad]!.command, stderr[bad]!.trim(), codes[bad] ?? null);
  });
  const kill = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  return { input, output: children[children.length - 1]!.stdout!, exited, kill };
}

/**
 * Several programs as one stream stage (spawnChain). The stage fails with the error of the
 * earliest program that exited badly; destroying it kills them all.
 */
export function childChain(stages: readonly ChildStage[]): Duplex {
  const { input, output, exited, kill } = spawnChain(stages);
  let inputBroken = false;
  input.on('error', () => {
    inputBroken = true;
  });
  const filter = new Duplex({
    readableHighWaterMark: 1 << 18,
    writableHighWaterMark: 1 << 18,
    write(chunk: Buffer, _enc, cb) {
      if (inputBroken) return cb();
      if (input.write(chunk)) cb();
      else input.once('drain', () => cb());
    },
    final(cb) {
      input.end();
      cb();
    },
    read() {
      output.resume();
    },
    destroy(err, cb) {
      kill();
      cb(err);
    },
  });
  output.on('data', (chunk: Buffer) => {
    if (!filter.push(chunk)) output.pause();
  });
  const outputEnded = new Promise<void>((resolve) => output.once('close', resolve));
  Promise.all([exited, outputEnded]).then(() => filter.push(null), (err: Error) => filter.destroy(err));
  return filter;
}
