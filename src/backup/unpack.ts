// Reads a backup's tar stream and refuses anything a crafted or damaged archive could use to
// write outside the folder it is unpacked into: absolute paths, `..`, links, devices, FIFOs,
// directories-as-members and repeated names. Shared by verify, drills and restore.
import { createHash } from 'node:crypto';
import { constants, createWriteStream, fdatasync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { failure, StoreOpsError } from '../core/errors.js';
import type { ProgramChain } from './child-filter.js';
import { MANIFEST_MEMBER } from './manifest.js';

export interface UnpackedMember {
  name: string;
  size: number;
  sha256: string;
  /** Where it was written, when it was written. */
  file: string | undefined;
}

export interface UnpackOptions {
  /** Members to write under `into`; the rest are only hashed. The manifest is always kept in memory. */
  write: (name: string) => boolean;
  into: string;
}

export function unsafeReason(name: string, type: string | null | undefined): string | undefined {
  if (type !== 'file') return `is a ${type ?? 'unknown type'}, not a regular file`;
  if (name.length === 0 || name.includes('\0')) return 'has an empty or invalid name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.split('/').some((part) => part === '..' || part === '' || part === '.')) return 'contains "..", "." or an empty path segment';
  return undefined;
}

const WRITEBACK_EVERY = 64 * 2 ** 20;

/**
 * Starts the disk writing a large member while the rest is still being unpacked: an fdatasync in
 * the background every 64 MiB, one at a time. A restore must fsync the file before its rename
 * anyway; without this, a machine with plenty of memory keeps the whole gigabyte dirty until that
 * fsync, and the restore then waits for the disk with nothing left to overlap.
 */
function writeback(fd: number): (written: number) => void {
  let next = WRITEBACK_EVERY;
  let busy = false;
  return (written) => {
    if (written < next || busy) return;
    next = written + WRITEBACK_EVERY;
    busy = true;
    fdatasync(fd, () => {
      busy = false;
    });
  };
}

/**
 * `streams`: the archive's bytes and the filters between (decrypt, decompress). With `programs`
 * (age and zstd as processes), the streams feed the first program and the tar is read straight
 * from the last one's stdout, one stream hop less for every byte of a gigabyte database.
 */
export async function unpack(
  streams: [Readable, ...Array<Duplex | ((source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>)>],
  opts: UnpackOptions,
  programs?: ProgramChain,
): Promise<{ members: UnpackedMember[]; manifestText: string | undefined }> {
  const extract = tarStream.extract();
  const members: UnpackedMember[] = [];
  const seen = new Set<string>();
  let manifestText: string | undefined;
  const root = path.resolve(opts.into);
  const consume = (async () => {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const reason = unsafeReason(name, type);
      if (reason) throw failure('verify.unsafeMember', { member: name, reason });
      if (seen.has(name)) throw failure('verify.unsafeMember', { member: name, reason: 'appears twice' });
      seen.add(name);
      const hash = createHash('sha256');
      let size = 0;
      const chunks: Buffer[] = [];
      const keepText = name === MANIFEST_MEMBER;
      const target = !keepText && opts.write(name) ? path.join(root, ...name.split('/')) : undefined;
      if (target && !target.startsWith(root + path.sep)) throw failure('verify.unsafeMember', { member: name, reason: 'resolves outside the folder' });
      if (target) mkdirSync(path.dirname(target), { recursive: true });
      // Created here, never opened through a link or over a file that was already there.
      const fd = target ? openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600) : undefined;
      const sink = fd !== undefined ? createWriteStream('', { fd }) : new Writable({ write: (_c, _e, cb) => cb() });
      const flusher = fd !== undefined ? writeback(fd) : undefined;
      entry.on('data', (data) => {
        const c = data as Buffer;
        hash.update(c);
        size += c.length;
        if (keepText) chunks.push(c);
        flusher?.(size);
      });
      await pipeline(entry, sink);
      if (keepText) manifestText = Buffer.concat(chunks).toString('utf8');
      members.push({ name, size, sha256: hash.digest('hex'), file: target });
    }
  })();
  // pipeline's typings cannot spread a mixed list of streams and generator stages.
  const run = pipeline as unknown as (...stages: unknown[]) => Promise<void>;
  if (!programs) {
    await Promise.all([run(...streams, extract).catch((err: unknown) => {
      extract.destroy(err as Error);
      throw err;
    }), consume]);
    return { members, manifestText };
  }
  // The tar reader is stopped with its own error, so that what it rejects with afterwards is never
  // mistaken for a failure of the unpacking itself.
  const stopped = new Error('stopped');
  const stopAll = (err: unknown) => {
    programs.kill();
    extract.destroy(stopped);
    throw err;
  };
  const [fed, exited, read, consumed] = await Promise.allSettled([
    run(...streams, programs.input).catch(stopAll),
    programs.exited.catch(stopAll),
    run(programs.output, extract).catch(stopAll),
    consume.catch(stopAll),
  ]);
  // A refused member or a disk that refuses the write is what stopped everything; otherwise a
  // program that failed (wrong key, damaged archive) explains the tar that ended early.
  const own = consumed.status === 'rejected' && consumed.reason !== stopped && (isUnsafe(consumed.reason) || (consumed.reason as NodeJS.ErrnoException).code !== undefined);
  for (const r of own ? [consumed] : [exited, fed, read, consumed]) if (r.status === 'rejected' && r.reason !== stopped) throw r.reason;
  return { members, manifestText };
}

const isUnsafe = (err: unknown) => err instanceof StoreOpsError && err.key === 'verify.unsafeMember';
