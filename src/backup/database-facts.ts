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

export function databaseFacts(file: string, check: CheckKind): Promise<Facts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./database-facts-worker.js', import.meta.url), { workerData: { file, check } });
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
