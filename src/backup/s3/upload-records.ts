// Unfinished multipart uploads are invisible in a bucket's listing but are stored (and billed)
// until someone aborts them. A run writes down each upload it starts, in the state folder, before
// its first part, and removes the note once the upload is completed or aborted: a note left behind
// names the upload of a run that died, which the next run aborts. This works on every S3-compatible
// server, including those that cannot list unfinished uploads.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fsyncDir, writeFileAtomic } from '../../core/atomic.js';

export interface UploadRecord {
  destination: string;
  key: string;
  upload_id: string;
  pid: number;
  host: string;
  started: string;
}

const folder = (stateDir: string) => path.join(stateDir, 'uploads');

export function recordUpload(stateDir: string, rec: Omit<UploadRecord, 'pid' | 'host' | 'started'>): () => void {
  const dir = folder(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${rec.destination}-${randomBytes(6).toString('hex')}.json`);
  const full: UploadRecord = { ...rec, pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  writeFileAtomic(file, `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
  return () => {
    rmSync(file, { force: true });
    fsyncDir(dir);
  };
}

/** The notes of one destination's unfinished uploads, each with a way to remove it once handled. */
export function uploadRecords(stateDir: string, destination: string): Array<UploadRecord & { remove: () => void }> {
  const dir = folder(stateDir);
  if (!existsSync(dir)) return [];
  const out: Array<UploadRecord & { remove: () => void }> = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${destination}-`) || !name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    let rec: UploadRecord;
    try {
      rec = JSON.parse(readFileSync(file, 'utf8')) as UploadRecord;
    } catch {
      continue;
    }
    if (rec.destination !== destination || typeof rec.key !== 'string' || typeof rec.upload_id !== 'string') continue;
    out.push({ ...rec, remove: () => rmSync(file, { force: true }) });
  }
  return out;
}
