// What a database snapshot looks like, for the manifest and for verify: schema hash, page
// count, rows per table, and SQLite's own check. The checks read the whole file, so they run in
// a worker thread: on a 1 GB store they take seconds, and the event loop must stay free.
import { Worker } from 'node:worker_threads';

export interface Facts {
  schema_hash: string;
  schema_version: number;
  page_size: number;
  page_count: number;
  journal_mode: string;
  check: string;
  row_counts: Record<string, number>;
}

export type CheckKind = 'quick_check' | 'integrity_check';

/**
 * `mapped`: read the file through mmap, twice as fast on a full check but every page read counts in
 * the process's resident memory (1 GB on the large demo, as `top` shows it). Only for our own
 * staged copies off the store's critical path; the nightly backup and a live database are read
 * through a bounded page cache instead.
 */
export function databaseFacts(file: string, check: CheckKind, { mapped = false } = {}): Promise<Facts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./database-facts-worker.js', import.meta.url), { workerData: { file, check, mapped } });
    worker.once('message', (m: { ok: true; facts: Facts } | { ok: false; error: string }) => {
      if (m.ok) resolve(m.facts);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`database check worker exited with code ${code}`));
    });
  });
}
