// Durable writes: a temporary file beside the target, fsync, rename over the target, then fsync
// the folder so the rename itself survives a power cut. A crash leaves the old file or the new
// one, never half of either; the temporary file is removed if anything fails before the rename.
// The folder may be shared (a NAS share, /tmp): the temporary name is unpredictable and created
// exclusively without following links, and rename(2) replaces a link planted under the target's
// name instead of writing through it, so no planted link ever redirects a write.
import {
  closeSync, constants, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing target (keys, configs). */
  noClobber?: boolean;
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a file's bytes durable (before a rename points a name at them, or before relying on a copy). */
export function fsyncFile(file: string): void {
  const fd = openSync(file, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const temp = tempPathFor(target);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode ?? 0o644);
  let open = true;
  let published = false;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    if (options.noClobber) {
      // link(2) fails with EEXIST atomically, so two writers cannot both publish.
      linkSync(temp, target);
      unlinkSync(temp);
    } else {
      renameSync(temp, target);
    }
    published = true;
    fsyncDir(dir);
  } finally {
    if (open) closeSync(fd);
    if (!published) rmSync(temp, { force: true });
  }
}
