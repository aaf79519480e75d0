// Runs inside a worker thread (see stock-facts.ts): opens the store database read-only and
// answers with its stock facts, or with the error, kept whole.
import { parentPort, workerData } from 'node:worker_threads';
import { StoreOpsError } from '../core/errors.js';
import { openMapped } from './mapped-db.js';
import type { StockFactsRequest, WorkerError, WorkerReply } from './stock-facts.js';
import { stockFacts } from './stock-query.js';

const req = workerData as StockFactsRequest;

function reply(): WorkerReply {
  try {
    const store = openMapped(req.database, req.mapping, req.cwd, { write: false });
    try {
      return { ok: true, facts: stockFacts(store, req.counted, req.until) };
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
