// Where backups go. Every destination implements this one small interface, so the rest of the
// program never knows whether it talks to a folder or a bucket. Writes are two-phase: bytes go to
// a temporary name (or an unfinished multipart upload) that nothing lists, and commit makes them
// appear whole.
import path from 'node:path';
import { StoreOpsError } from '../core/errors.js';
import type { Readable } from 'node:stream';

export interface StoredFile {
  name: string;
  size: number;
  modified: Date;
}

/** How sure we are that the destination holds exactly the bytes we sent. */
export type WriteConfirmation = 'fsync' | 'sha256' | 'md5' | 'read-back';

export interface PendingWrite {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the file durable and visible under its final name; says how its content was confirmed. */
  commit(): Promise<WriteConfirmation>;
  /** Removes what was written; safe to call after a failed commit. */
  abort(): Promise<void>;
}

export interface LeftoverWrite {
  name: string;
  /** The run that left it, when known: it is not touched while that process lives. */
  pid?: number;
  clear(): Promise<void>;
}

export interface Destination {
  readonly name: string;
  /** For messages: a folder path, a bucket URL. */
  readonly location: string;
  /** Fails with a clear error if the destination is missing or cannot be written; returns warnings (a promise it cannot keep). */
  checkWritable(): Promise<string[]>;
  list(): Promise<StoredFile[]>;
  /** Temporary files of runs that died before committing. */
  leftovers(): Promise<LeftoverWrite[]>;
  /** `expectedBytes` is a hint for how to split the upload, not a limit. */
  begin(name: string, expectedBytes?: number): Promise<PendingWrite>;
  writeWhole(name: string, data: string): Promise<void>;
  read(name: string): Readable;
  readText(name: string): Promise<string>;
  remove(name: string): Promise<void>;
}

/** A file's place in a destination, for people: a path in a folder, a URL-like place in a bucket (whose location ends in "/"). */
export const placeIn = (location: string, name: string) => (location.endsWith('/') ? `${location}${name}` : path.join(location, name));

/** An error that a destination raised reading a file (a bucket's refusal or silence, a folder's I/O error), not one passed back to it by a stream pipeline. */
export function isReadFailure(err: unknown): boolean {
  if (err instanceof StoreOpsError) return err.key.startsWith('s3.');
  const syscall = (err as NodeJS.ErrnoException | undefined)?.syscall;
  return syscall === 'open' || syscall === 'read';
}
