// Reads a backup's tar stream and refuses anything a crafted or damaged archive could use to
// write outside the folder it is unpacked into: absolute paths, `..`, links, devices, FIFOs,
// directories-as-members and repeated names. Shared by verify, drills and restore.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { failure } from '../core/errors.js';
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

/** `streams`: the archive's bytes and the filters between (decrypt, decompress); all in one pipeline so any error surfaces here. */
export async function unpack(streams: [Readable, ...Array<Duplex | ((source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>)>], opts: UnpackOptions): Promise<{ members: UnpackedMember[]; manifestText: string | undefined }> {
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
      const sink = target
        ? createWriteStream(target, { flags: 'wx', mode: 0o600 })
        : new Writable({ write: (_c, _e, cb) => cb() });
      const tap = new PassThrough();
      tap.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
        if (keepText) chunks.push(c);
      });
      await pipeline(entry, tap, sink);
      if (keepText) manifestText = Buffer.concat(chunks).toString('utf8');
      members.push({ name, size, sha256: hash.digest('hex'), file: target });
    }
  })();
  // pipeline's typings cannot spread a mixed list of streams and generator stages.
  const run = pipeline as unknown as (...stages: unknown[]) => Promise<void>;
  await Promise.all([run(...streams, extract).catch((err: unknown) => {
    extract.destroy(err as Error);
    throw err;
  }), consume]);
  return { members, manifestText };
}
