// Compression. zstd is about eight times faster than gzip for the same size (measured-facts.md)
// but Node 20's zlib has no zstd, so zstd runs as the standard `zstd` program in a child process
// (which also puts it on the second core). gzip runs in Node's zlib and needs nothing installed.
// Either way the result is what `tar --zstd -x` or `tar xz` reads by hand.
import { spawnSync } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { usageError } from '../core/errors.js';
import { childChain, childFilter, type ChildStage } from './child-filter.js';
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

/**
 * zstd -1 on every core, at low priority: on the 1 GB demo store it costs half the CPU of -3
 * for a 7 % larger archive, about restic's size (bench/results). gzip stays at the usual -6.
 */
export const ZSTD_COMPRESS: ChildStage = { command: 'zstd', args: ['-q', '-1', '-T0', '-c'], nice: 10 };

export function compressor(codec: Codec): Duplex {
  return codec === 'zstd' ? childChain([ZSTD_COMPRESS]) : createGzip({ level: 6 });
}

export function decompressor(codec: Codec): Duplex {
  return codec === 'zstd' ? childFilter('zstd', ['-q', '-d', '-c']) : createGunzip();
}
