// Runs a standard program (zstd, age) as a filter in a stream pipeline: bytes in on its stdin,
// bytes out of its stdout. How it ends is decided by the program's exit status: non-zero becomes
// a stream error carrying what it said on stderr (a broken pipe on its stdin is only a symptom of
// that, so it is not reported on its own). Destroying the stage kills the program.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

export class ChildFilterError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly exitCode: number | null) {
    // age adds a line asking to report unhelpful errors; the error itself is the line before.
    const said = stderr.split('\n').filter((l) => l.trim() && !/^age: report /.test(l)).join(' ');
    super(said || `${command} exited with code ${String(exitCode)}`);
  }
}

/**
 * `nice`: run the program at a lower CPU priority (through nice(1)), so that the store system,
 * which keeps selling during a backup, gets the processor first.
 */
export function childFilter(command: string, args: string[], options: { nice?: number } = {}): Duplex {
  const [file, argv] = options.nice ? ['nice', ['-n', String(options.nice), command, ...args]] : [command, args];
  const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stdin = child.stdin!;
  const stdout = child.stdout!;
  let stderr = '';
  let stdoutEnded = false;
  let exitCode: number | null | undefined;
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
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      cb(err);
    },
  });
  const settle = () => {
    if (!stdoutEnded || exitCode === undefined) return;
    if (exitCode === 0) filter.push(null);
    else filter.destroy(new ChildFilterError(command, stderr.trim(), exitCode));
  };
  stdout.on('data', (chunk: Buffer) => {
    if (!filter.push(chunk)) stdout.pause();
  });
  stdout.on('end', () => {
    stdoutEnded = true;
    settle();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.on('close', (code) => {
    exitCode = code;
    stdoutEnded = true;
    settle();
  });
  child.on('error', (err) => filter.destroy(new ChildFilterError(command, err.message, null)));
  stdin.on('error', () => {
    stdinBroken = true;
  });
  return filter;
}
