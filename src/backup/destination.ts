// Where backups go. Every destination implements this one small interface, so the rest of the
// program never knows whether it talks to a folder (today) or S3 (later). Writes are two-phase:
// bytes go to a temporary name that nothing lists, and commit makes them appear whole.
import type { Readable } from 'node:stream';

export interface StoredFile {
  name: string;
  size: number;
  modified: Date;
}

export interface PendingWrite {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the file durable and visible under its final name. */
  commit(): Promise<void>;
  /** Removes what was written; safe to call after a failed commit. */
  abort(): Promise<void>;
}

export interface LeftoverWrite {
  name: string;
  pid: number;
}

export interface Destination {
  readonly name: string;
  /** For messages: a folder path, a bucket URL. */
  readonly location: string;
  /** Fails with a clear error if the destination is missing or cannot be written. */
  checkWritable(): Promise<void>;
  list(): Promise<StoredFile[]>;
  /** Temporary files of runs that died before committing. */
  leftovers(): Promise<LeftoverWrite[]>;
  begin(name: string): Promise<PendingWrite>;
  writeWhole(name: string, data: string): Promise<void>;
  read(name: string): Readable;
  readText(name: string): Promise<string>;
  remove(name: string): Promise<void>;
}
