// Runs a standard program (zstd, age) as a filter in a stream pipeline: bytes in on its stdin,
// bytes out of its stdout. How it ends is decided by the program's exit status: non-zero becomes
// a stream error carrying what it said on stderr (a broken pipe on its stdin is only a symptom of
// that, so it is not reported on its own). Destroying the stage kills the program.
import { spawn, type ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';

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

/**
 * Several programs as one stream stage, each one's stdout wired straight to the next one's stdin
 * (age → zstd on restore): the bytes between them never pass through Node. The stage fails with
 * the error of the earliest program that exited badly; destroying it kills them all.
 */
export function childChain(stages: readonly ChildStage[]): Duplex {
  const children: ChildProcess[] = [];
  for (const [i, st] of stages.entries()) {
    const [file, argv] = st.nice ? ['nice', ['-n', String(st.nice), st.command, ...st.args]] : [st.command, st.args];
    const previous = children[i - 1];
    const child = spawn(file, argv, { stdio: [previous ? previous.stdout! : 'pipe', 'pipe', 'pipe'] });
    // The next program owns the pipe now; Node's copy would keep it open past the writer's end.
    if (previous) previous.stdout!.destroy();
    children.push(child);
  }
  const first = children[0]!;
  const last = children[children.length - 1]!;
  const stdin = first.stdin!;
  const stdout = last.stdout!;
  const stderr = stages.map(() => '');
  const exitCodes: Array<number | null | undefined> = stages.map(() => undefined);
  let stdoutEnded = false;
  let stdinBroken = false;

  const filter = new Duplex({
    readableHighWaterMark: 1 << 18,
    writableHighWaterMark: 1 << 18,
    write(chunk: Buffer, _enc, cb) {
      if (stdinBroken) return cb();
      if (stdin.write(chunk)) cb();
      else stdin.once('drain', () => cb());
    },
    final(cb) {
      stdin.end();
      cb();
    },
    read() {
      stdout.resume();
    },
    destroy(err, cb) {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      cb(err);
    },
  });
  const settle = () => {
    if (!stdoutEnded || exitCodes.some((c) => c === undefined)) return;
    const bad = exitCodes.findIndex((c) => c !== 0);
    if (bad < 0) filter.push(null);
    else filter.destroy(new ChildFilterError(stages[bad]!.command, stderr[bad]!.trim(), exitCodes[bad] ?? null));
  };
  stdout.on('data', (chunk: Buffer) => {
    if (!filter.push(chunk)) stdout.pause();
  });
  stdout.on('end', () => {
    stdoutEnded = true;
    settle();
  });
  children.forEach((child, i) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr[i] += d));
    child.on('close', (code) => {
      exitCodes[i] = code;
      if (child === last) stdoutEnded = true;
      settle();
    });
    child.on('error', (err) => filter.destroy(new ChildFilterError(stages[i]!.command, err.message, null)));
  });
  stdin.on('error', () => {
    stdinBroken = true;
  });
  return filter;
}
