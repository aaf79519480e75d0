// Compression. zstd is about eight times faster than gzip for the same size (measured-facts.md)
// but Node 20's zlib has no zstd, so zstd runs as the standard `zstd` program in a child process
// (which also puts it on the second core). gzip runs in Node's zlib and needs nothing installed.
// Either way the result is what `tar --zstd -x` or `tar xz` reads by hand.
import { spawn, spawnSync } from 'node:child_process';
import { Duplex, PassThrough } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { failure, usageError } from '../core/errors.js';
import type { Codec } from './naming.js';

export type CompressionSetting = 'auto' | Codec;

let zstdAvailable: boolean | undefined;

export function hasZstd(env: NodeJS.ProcessEnv = process.env): boolean {
  zstdAvailable ??= spawnSync('zstd', ['--version'], { stdio: 'ignore', env }).status === 0;
  return zstdAvailable;
}

export function chooseCodec(setting: CompressionSetting): Codec {
  if (setting === 'auto') return hasZstd() ? 'zstd' : 'gzip';
  if (setting === 'zstd' && !hasZstd()) throw usageError('backup.noZstd', {}, { key: 'hint.installZstd' });
  return setting;
}

/** A duplex stream around a child process's stdin/stdout; a non-zero exit becomes a stream error. */
function childFilter(command: string, args: string[]): Duplex {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  let stdoutEnded = false;
  let exitCode: number | null | undefined;
  const fail = (problem: string) => out.destroy(failure('backup.codecFailed', { command, problem }));
  const settle = () => {
    if (!stdoutEnded || exitCode === undefined) return;
    if (exitCode === 0) out.end();
    else fail(stderr.trim() || `exit code ${String(exitCode)}`);
  };
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.pipe(out, { end: false });
  child.stdout.on('end', () => {
    stdoutEnded = true;
    settle();
  });
  child.on('close', (code) => {
    exitCode = code;
    settle();
  });
  child.on('error', (err) => fail(err.message));
  // EPIPE when the child died early: the exit code explains it better, so only report if it did not.
  child.stdin.on('error', () => undefined);
  const duplex = Duplex.from({ writable: child.stdin, readable: out });
  duplex.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return duplex;
}

export function compressor(codec: Codec): Duplex {
  return codec === 'zstd' ? childFilter('zstd', ['-q', '-3', '-T0', '-c']) : createGzip({ level: 6 });
}

export function decompressor(codec: Codec): Duplex {
  return codec === 'zstd' ? childFilter('zstd', ['-q', '-d', '-c']) : createGunzip();
}
