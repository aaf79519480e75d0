// Runs inside a worker thread (see stock-facts.ts): opens the store database read-only and
// answers with the stock facts of its range of SKUs, or with the error, kept whole.
import { parentPort, workerData } from 'node:worker_threads';
import { StoreOpsError } from '../core/errors.js';
import { openMapped } from './mapped-db.js';
import type { WorkerError, WorkerJob, WorkerReply } from './stock-facts.js';
import { stockFacts } from './stock-query.js';

const job = workerData as WorkerJob;

function reply(): WorkerReply {
  try {
    const store = openMapped(job.database, job.mapping, job.cwd, { write: false });
    try {
      // Walking the movements in SKU order reads the table in random order: memory-mapped reads
      // take a third of the time of read() calls. The price of mmap is that an I/O error ends the
      // process instead of raising an error; this connection only reads, so nothing is left half-done.
      store.db.pragma('mmap_size = 4294967296');
      return { ok: true, facts: stockFacts(store, job.range) };
    } finally {
      store.db.close();
    }
  } catch (err) {
    const error: WorkerError = err instanceof StoreOpsError
      ? { kind: err.kind, key: err.key, params: err.params, hint: err.hint }
      : { message: err instanceof Error ? err.message : String(err) };
    return { ok: false, error };
  }
}

parentPort!.postMessage(reply());
