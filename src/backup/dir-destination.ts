// A folder destination: a local disk, a USB drive, a mounted NAS share. A missing folder is an
// error, never created on the fly: an unmounted USB drive must not turn into backups silently
// written to the system disk.
import { createReadStream, constants } from 'node:fs';
import { open, readdir, readFile, rm, stat, unlink, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fsyncDir, writeFileAtomic } from '../core/atomic.js';
import { failure, describeCause } from '../core/errors.js';
import type { Destination, LeftoverWrite, PendingWrite, StoredFile } from './destination.js';

const PARTIAL = /^\.(.+)\.partial-(\d+)$/;
const SYNC_EVERY = 32 * 1024 * 1024;

export class DirDestination implements Destination {
  constructor(readonly name: string, readonly location: string) {}

  async checkWritable(): Promise<void> {
    let info;
    try {
      info = await stat(this.location);
    } catch (err) {
      throw failure('backup.destinationMissing', { name: this.name, dir: this.location, problem: describeCause(err) }, { key: 'hint.destinationMissing' });
    }
    if (!info.isDirectory()) throw failure('backup.destinationNotDir', { name: this.name, dir: this.location }, { key: 'hint.destinationMissing' });
    const probe = path.join(this.location, `.store-ops-write-test-${process.pid}`);
    try {
      const h = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
      await h.close();
      await unlink(probe);
    } catch (err) {
      throw failure('backup.destinationNotWritable', { name: this.name, dir: this.location, problem: describeCause(err) }, { key: 'hint.destinationWritable' });
    }
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

  async leftovers(): Promise<LeftoverWrite[]> {
    const out: LeftoverWrite[] = [];
    for (const name of await readdir(this.location)) {
      const m = PARTIAL.exec(name);
      if (m) out.push({ name, pid: Number(m[2]) });
    }
    return out;
  }

  async begin(name: string): Promise<PendingWrite> {
    const temp = path.join(this.location, `.${name}.partial-${process.pid}`);
    const final = path.join(this.location, name);
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o640);
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
