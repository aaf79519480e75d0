// Runs the stock query (stock-query.ts) in a worker thread: on a large store it reads millions of
// movements for seconds, and the event loop must stay free for the progress display. A
// StoreOpsError thrown there (a mapping that does not fit the database) comes back as itself.
import { Worker } from 'node:worker_threads';
import { StoreOpsError, type ErrorKind, type Hint } from '../core/errors.js';
import type { MessageKey, MessageParams } from '../core/i18n.js';
import type { Mapping } from './mapping.js';
import type { StockFacts } from './stock-query.js';

export interface StockFactsRequest {
  database: string;
  mapping: Mapping;
  cwd: string;
  counted: Array<{ sku: string; at: string }>;
  /** The latest count time in the file. */
  until: string;
}

export type WorkerError = { kind: ErrorKind; key: MessageKey; params: MessageParams; hint: Hint | undefined } | { message: string };
export type WorkerReply = { ok: true; facts: StockFacts } | { ok: false; error: WorkerError };

export function computeStockFacts(req: StockFactsRequest): Promise<StockFacts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./stock-facts-worker.js', import.meta.url), { workerData: req });
    worker.once('message', (m: WorkerReply) => {
      if (m.ok) resolve(m.facts);
      else if ('key' in m.error) reject(new StoreOpsError(m.error.kind, m.error.key, m.error.params, m.error.hint));
      else reject(new Error(m.error.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`stock query worker exited with code ${code}`));
    });
  });
}
