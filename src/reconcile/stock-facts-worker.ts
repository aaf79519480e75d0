// Runs inside a worker thread (see stock-facts.ts): opens the store database read-only and
// answers with the stock facts of its range of SKUs, or with the error, kept whole.
import { parentPort, workerData } from 'node:worker_threads';
import { StoreOpsError } from '../core/errors.js';
import { openMapped } from './mapped-db.js';
import { Normalizer } from './normalize.js';
import type { WorkerError, WorkerJob, WorkerReply } from './stock-facts.js';
import { stockFacts } from './stock-query.js';

const job = workerData as WorkerJob;

function reply(): WorkerReply {
  try {
    const store = openMapped(job.database, job.mapping, job.cwd, { write: false });
    try {
      // The movements are read in one pass (stock-query.ts): a small page cache is enough, and each
      // worker's share of the process's memory stays small (no mmap: mapped pages count as resident).
      store.db.pragma('cache_size = -8192');
      return { ok: true, facts: stockFacts(store, job.range, new Normalizer(store, job.timeZone)) };
    } finally {
      store.db.close();
    }
  } catch (err) {
    const error: WorkerError = err instanceof StoreOpsError
      ? { kind: err.kind, key: err.key, params: err.params, hint: err.hint }
      : { message: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown }).code === undefined ? undefined : String((err as { code?: unknown }).code) };
    return { ok: false, error };
  }
}

parentPort!.postMessage(reply());
