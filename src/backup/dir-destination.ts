// A folder destination: a local disk, a USB drive, a mounted NAS share. A missing folder is an
// error, never created on the fly: an unmounted USB drive must not turn into backups silently
// written to the system disk.
// The folder may be writable by others (a NAS share): every file we create there has an
// unpredictable name and is opened O_EXCL|O_NOFOLLOW, so a link planted under a name we might use
// makes the open fail instead of redirecting our bytes onto the file it points at.
import { createReadStream, constants } from 'node:fs';
import { lstat, open, readdir, readFile, rm, stat, unlink, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir, writeFileAtomic } from '../core/atomic.js';
import { failure, describeCause } from '../core/errors.js';
import type { Destination, LeftoverWrite, PendingWrite, StoredFile } from './destination.js';

// Older runs named partial files without the random tail; they are still recognised as leftovers.
const PARTIAL = /^\.(.+)\.partial-(\d+)(?:-[0-9a-f]+)?$/;
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const unpredictable = () => randomBytes(8).toString('hex');
const SYNC_EVERY = 32 * 1024 * 1024;

export class DirDestination implements Destination {
  constructor(readonly name: string, readonly location: string) {}

  async checkWritable(): Promise<string[]> {
    let info;
    try {
      info = await stat(this.location);
    } catch (err) {
      throw failure('backup.destinationMissing', { name: this.name, dir: this.location, problem: describeCause(err) }, { key: 'hint.destinationMissing' });
    }
    if (!info.isDirectory()) throw failure('backup.destinationNotDir', { name: this.name, dir: this.location }, { key: 'hint.destinationMissing' });
    const probe = path.join(this.location, `.store-ops-write-test-${process.pid}-${unpredictable()}`);
    try {
      const h = await open(probe, EXCLUSIVE, 0o600);
      await h.close();
      await unlink(probe);
    } catch (err) {
      throw failure('backup.destinationNotWritable', { name: this.name, dir: this.location, problem: describeCause(err) }, { key: 'hint.destinationWritable' });
    }
    return [];
  }

  async list(): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    for (const entry of await readdir(this.location, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const info = await stat(path.join(this.location, entry.name));
      out.push({ name: entry.name, size: info.size, modified: info.mtime });
    }
    return out;
  }

  /**
   * Partial files of dead runs: regular files this user made, and links planted under such a
   * name (removing a link removes only the link). Anything else named like one is left alone.
   */
  async leftovers(): Promise<LeftoverWrite[]> {
    const out: LeftoverWrite[] = [];
    const uid = process.getuid?.();
    for (const name of await readdir(this.location)) {
      const m = PARTIAL.exec(name);
      if (!m) continue;
      const info = await lstat(path.join(this.location, name)).catch(() => undefined);
      const ours = info?.isFile() && (uid === undefined || info.uid === uid);
      if (ours || info?.isSymbolicLink()) out.push({ name, pid: Number(m[2]), clear: () => this.remove(name) });
    }
    return out;
  }

  async begin(name: string): Promise<PendingWrite> {
    const temp = path.join(this.location, `.${name}.partial-${process.pid}-${unpredictable()}`);
    const final = path.join(this.location, name);
    const handle = await open(temp, EXCLUSIVE, 0o640);
    let closed = false;
    let unsynced = 0;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (chunk) => {
        let offset = 0;
        while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
        // Flushing as we go keeps the final fsync small: one big flush at the end queues the
        // store's own commits behind hundreds of megabytes of writeback.
        unsynced += chunk.length;
        if (unsynced >= SYNC_EVERY) {
          unsynced = 0;
          await handle.datasync();
        }
      },
      commit: async () => {
        await handle.sync();
        await close();
        await rename(temp, final);
        fsyncDir(this.location);
        return 'fsync';
      },
      abort: async () => {
        await close().catch(() => undefined);
        await rm(temp, { force: true });
      },
    };
  }

  async writeWhole(name: string, data: string): Promise<void> {
    writeFileAtomic(path.join(this.location, name), data, { mode: 0o644 });
  }

  read(name: string): Readable {
    return createReadStream(path.join(this.location, name), { highWaterMark: 1 << 18 });
  }

  readText(name: string): Promise<string> {
    return readFile(path.join(this.location, name), 'utf8');
  }

  async remove(name: string): Promise<void> {
    await unlink(path.join(this.location, name));
    fsyncDir(this.location);
  }
}
