// Writes the tar: every member streamed from disk through a SHA-256, then manifest.json last,
// when every hash is known (so each file is read once). tar-stream writes POSIX ustar with pax
// headers for long names, which GNU tar and every other tar read.
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { failure } from '../core/errors.js';
import type { PlannedMember } from './members.js';
import type { ManifestMember } from './manifest.js';
import { MANIFEST_MEMBER } from './manifest.js';

export interface PackHandle {
  stream: Readable;
  /** Resolves with the members as written (sizes and hashes) once the manifest is in. */
  done: Promise<ManifestMember[]>;
}

function hashing(onDone: (sha256: string, size: number) => void): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      onDone(hash.digest('hex'), size);
      cb();
    },
  });
}

export function packMembers(
  members: readonly PlannedMember[],
  manifestFor: (written: ManifestMember[]) => Promise<string>,
  onBytes?: (bytes: number) => void,
): PackHandle {
  const pack = tarStream.pack();
  const done = (async () => {
    const written: ManifestMember[] = [];
    const mtime = new Date();
    for (const m of members) {
      let sha256 = '';
      let size = 0;
      const entry = pack.entry({ name: m.name, size: m.size, mode: m.mode, mtime, type: 'file' });
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          onBytes?.(chunk.length);
          cb(null, chunk);
        },
      });
      try {
        await pipeline(createReadStream(m.file, { highWaterMark: 1 << 18 }), hashing((h, s) => ((sha256 = h), (size = s))), counter, entry);
      } catch (err) {
        throw failure('backup.memberChanged', { file: m.file, problem: err instanceof Error ? err.message : String(err) }, undefined, err);
      }
      written.push({ name: m.name, size, sha256, kind: m.kind, source_path: m.source_path, mode: m.mode });
    }
    const manifest = Buffer.from(await manifestFor(written));
    await new Promise<void>((resolve, reject) => pack.entry({ name: MANIFEST_MEMBER, size: manifest.length, mode: 0o644, mtime }, manifest, (err) => (err ? reject(err) : resolve())));
    pack.finalize();
    return written;
  })();
  done.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream: pack as unknown as Readable, done };
}
